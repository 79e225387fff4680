package io.watchkeeper.web.api;

import java.io.IOException;

/**
 * Persists the storage's in-memory head into a block now, for {@code POST
 * /api/v1/admin/tsdb/flush}. Thread-safe; blocks until done.
 */
@FunctionalInterface
public interface HeadFlusher {
  void flushHead() throws IOException;
}

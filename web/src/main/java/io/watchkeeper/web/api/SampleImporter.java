package io.watchkeeper.web.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Backfills samples with timestamps from a Prometheus text or OpenMetrics document, for {@code
 * POST /api/v1/import}. The server adapts the ingest module's importer. Thread-safe.
 */
@FunctionalInterface
public interface SampleImporter {
  /**
   * Reads {@code body} to its end and appends what it holds.
   *
   * @param contentType the request's Content-Type (selects the format), empty if none was sent
   * @throws IOException if the body cannot be read
   */
  ImportSummary importSamples(InputStream body, String contentType) throws IOException;
}

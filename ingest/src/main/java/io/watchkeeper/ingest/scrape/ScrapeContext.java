package io.watchkeeper.ingest.scrape;

import io.watchkeeper.storage.Appendable;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * What every pool and loop of one {@link ScrapeManager} shares. {@code shutdown} is signalled when
 * the manager closes: loops then stop at once and write no end-of-run staleness markers.
 */
record ScrapeContext(
    Appendable storage,
    InstantSource clock,
    Sleeper sleeper,
    LongSupplier nanoTime,
    ScrapeMetrics metrics,
    BufferPool buffers,
    GzipDecoder.Pool decoders,
    Wakeup shutdown,
    String userAgent) {}

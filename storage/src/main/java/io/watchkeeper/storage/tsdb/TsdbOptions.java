package io.watchkeeper.storage.tsdb;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link Tsdb} is opened.
 *
 * @param dataDir directory holding the WAL, head chunks and blocks; created if missing
 * @param retention blocks whose newest sample is older than this (by {@code clock}) are deleted
 * @param blockRange time range of the blocks the head is persisted into; compaction merges blocks
 *     into ranges of 3, 9, 27... times this, up to a tenth of the retention
 * @param outOfOrderWindow how far behind the newest sample of the database a sample may be and
 *     still be accepted out of order; zero rejects every out-of-order sample (right for scraping),
 *     history imports use a larger window (see {@code storage/docs/tsdb.md})
 * @param walSyncPeriod how often the WAL is forced to disk; at most one second
 * @param walSegmentBytes size at which a WAL segment is closed and the next started
 * @param registry where self-metrics are registered (never the default registry)
 * @param clock wall clock for retention and progress logging
 */
public record TsdbOptions(
    Path dataDir,
    Duration retention,
    Duration blockRange,
    Duration outOfOrderWindow,
    Duration walSyncPeriod,
    long walSegmentBytes,
    PrometheusRegistry registry,
    InstantSource clock) {
  /** Default retention: 15 days, as Prometheus. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
  /** Default block range: 2 hours, as Prometheus. */
  public static final Duration DEFAULT_BLOCK_RANGE = Duration.ofHours(2);
  /** Default WAL sync period. */
  public static final Duration DEFAULT_WAL_SYNC = Duration.ofSeconds(1);
  /** Default WAL segment size: 128 MiB, as Prometheus. */
  public static final long DEFAULT_WAL_SEGMENT_BYTES = 128L << 20;

  public TsdbOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    positive("retention", retention);
    positive("blockRange", blockRange);
    if (blockRange.toMillis() < 1) {
      throw new IllegalArgumentException("blockRange must be at least 1ms, got " + blockRange);
    }
    if (outOfOrderWindow.isNegative()) {
      throw new IllegalArgumentException("outOfOrderWindow must not be negative, got " + outOfOrderWindow);
    }
    positive("walSyncPeriod", walSyncPeriod);
    if (walSyncPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("walSyncPeriod must be at most 1s, got " + walSyncPeriod);
    }
    if (walSegmentBytes < 4096) {
      throw new IllegalArgumentException("walSegmentBytes must be at least 4096, got " + walSegmentBytes);
    }
  }

  /** Defaults for scraping: 15 d retention, 2 h blocks, no out-of-order window, 1 s WAL sync. */
  public static TsdbOptions defaults(Path dataDir, PrometheusRegistry registry) {
    return new TsdbOptions(
        dataDir,
        DEFAULT_RETENTION,
        DEFAULT_BLOCK_RANGE,
        Duration.ZERO,
        DEFAULT_WAL_SYNC,
        DEFAULT_WAL_SEGMENT_BYTES,
        registry,
        InstantSource.system());
  }

  public TsdbOptions withRetention(Duration d) {
    return new TsdbOptions(dataDir, d, blockRange, outOfOrderWindow, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withBlockRange(Duration d) {
    return new TsdbOptions(dataDir, retention, d, outOfOrderWindow, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withOutOfOrderWindow(Duration d) {
    return new TsdbOptions(dataDir, retention, blockRange, d, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withWalSyncPeriod(Duration d) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, d, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withWalSegmentBytes(long n) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, walSyncPeriod, n, registry, clock);
  }

  public TsdbOptions withClock(InstantSource c) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, walSyncPeriod, walSegmentBytes, registry, c);
  }

  /**
   * Longest block compaction produces: a tenth of the retention (so retention deletes in small
   * steps), at most 31 days, never less than the block range (Prometheus'
   * {@code max-block-duration}).
   */
  public long maxBlockMillis() {
    long tenth = retention.toMillis() / 10;
    return Math.max(blockRange.toMillis(), Math.min(tenth, Duration.ofDays(31).toMillis()));
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}

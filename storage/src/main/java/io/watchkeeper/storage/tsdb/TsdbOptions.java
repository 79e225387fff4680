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
 * @param outOfOrderMaxSamples how many out-of-order samples the head holds in memory at most (plus
 *     one batch): a commit that could add more first persists them into blocks, so a history
 *     import's memory stays bounded however large it is
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
    long outOfOrderMaxSamples,
    Duration walSyncPeriod,
    long walSegmentBytes,
    PrometheusRegistry registry,
    InstantSource clock) {
  /** Default retention: 15 days, as Prometheus. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
  /** Default block range: 2 hours, as Prometheus. */
  public static final Duration DEFAULT_BLOCK_RANGE = Duration.ofHours(2);
  /**
   * Default bound of the out-of-order head: 2 million samples. Spread over 100k series, each holds
   * them in a raw buffer of up to 32 samples (16 bytes each, arrays doubling): some 60 MB of heap,
   * and up to as much again while a compaction writes them.
   */
  public static final long DEFAULT_OUT_OF_ORDER_MAX_SAMPLES = 2_000_000;
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
    if (outOfOrderMaxSamples <= 0) {
      throw new IllegalArgumentException("outOfOrderMaxSamples must be > 0, got " + outOfOrderMaxSamples);
    }
    positive("walSyncPeriod", walSyncPeriod);
    if (walSyncPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("walSyncPeriod must be at most 1s, got " + walSyncPeriod);
    }
    if (walSegmentBytes < 4096) {
      throw new IllegalArgumentException("walSegmentBytes must be at least 4096, got " + walSegmentBytes);
    }
  }

  /**
   * Defaults for scraping: 15 d retention, 2 h blocks, no out-of-order window (2 million
   * out-of-order samples held at most for appenders that bring one), 1 s WAL sync.
   */
  public static TsdbOptions defaults(Path dataDir, PrometheusRegistry registry) {
    return new TsdbOptions(
        dataDir,
        DEFAULT_RETENTION,
        DEFAULT_BLOCK_RANGE,
        Duration.ZERO,
        DEFAULT_OUT_OF_ORDER_MAX_SAMPLES,
        DEFAULT_WAL_SYNC,
        DEFAULT_WAL_SEGMENT_BYTES,
        registry,
        InstantSource.system());
  }

  public TsdbOptions withRetention(Duration d) {
    return new TsdbOptions(dataDir, d, blockRange, outOfOrderWindow, outOfOrderMaxSamples, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withBlockRange(Duration d) {
    return new TsdbOptions(dataDir, retention, d, outOfOrderWindow, outOfOrderMaxSamples, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withOutOfOrderWindow(Duration d) {
    return new TsdbOptions(dataDir, retention, blockRange, d, outOfOrderMaxSamples, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withOutOfOrderMaxSamples(long n) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, n, walSyncPeriod, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withWalSyncPeriod(Duration d) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, outOfOrderMaxSamples, d, walSegmentBytes, registry, clock);
  }

  public TsdbOptions withWalSegmentBytes(long n) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, outOfOrderMaxSamples, walSyncPeriod, n, registry, clock);
  }

  public TsdbOptions withClock(InstantSource c) {
    return new TsdbOptions(dataDir, retention, blockRange, outOfOrderWindow, outOfOrderMaxSamples, walSyncPeriod, walSegmentBytes, registry, c);
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

package io.watchkeeper.storage.tsdb;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.AppendException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The TSDB's self-metrics, registered in the registry of {@link TsdbOptions}. Names are fixed:
 * dashboards, the benchmark harness and other modules read them. Thread-safe.
 */
final class TsdbMetrics {
  final Counter samplesAppended;
  final Counter outOfOrderSamples;
  final Map<AppendException.Reason, CounterDataPoint> rejected = new EnumMap<>(AppendException.Reason.class);
  final Counter seriesCreated;
  final Counter seriesRemoved;
  final Histogram walFsyncDuration;
  final Counter walCorruptions;
  final Counter compactions;
  final Counter compactionFailures;
  final Counter retentionDeletedBlocks;
  final Counter headTruncations;
  private final Counter rejectedFamily;

  private final PrometheusRegistry registry;
  private final List<Collector> registered = new ArrayList<>();

  TsdbMetrics(PrometheusRegistry r) {
    this.registry = r;
    samplesAppended = reg(Counter.builder()
        .name("watchkeeper_tsdb_samples_appended_total")
        .help("Samples appended to the TSDB (in order and out of order).")
        .build());
    outOfOrderSamples = reg(Counter.builder()
        .name("watchkeeper_tsdb_out_of_order_samples_total")
        .help("Samples rejected because they were older than their series' newest sample and outside the out-of-order window.")
        .build());
    rejectedFamily = reg(Counter.builder()
        .name("watchkeeper_tsdb_rejected_samples_total")
        .help("Samples rejected, by reason.")
        .labelNames("reason")
        .build());
    for (AppendException.Reason reason : AppendException.Reason.values()) {
      rejected.put(reason, rejectedFamily.labelValues(reason.name().toLowerCase(Locale.ROOT)));
    }
    seriesCreated = reg(Counter.builder()
        .name("watchkeeper_tsdb_head_series_created_total")
        .help("Series created in the head.")
        .build());
    seriesRemoved = reg(Counter.builder()
        .name("watchkeeper_tsdb_head_series_removed_total")
        .help("Series removed from the head after their data was persisted.")
        .build());
    walFsyncDuration = reg(Histogram.builder()
        .name("watchkeeper_tsdb_wal_fsync_duration_seconds")
        .help("Duration of WAL fsyncs.")
        .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
        .classicOnly()
        .build());
    walCorruptions = reg(Counter.builder()
        .name("watchkeeper_tsdb_wal_corruptions_total")
        .help("Corrupt or torn WAL and head-chunk records found (and truncated) at startup.")
        .build());
    compactions = reg(Counter.builder()
        .name("watchkeeper_tsdb_compactions_total")
        .help("Blocks written: from the head, from out-of-order data and by merging blocks.")
        .build());
    compactionFailures = reg(Counter.builder()
        .name("watchkeeper_tsdb_compactions_failed_total")
        .help("Compactions that failed (and will be retried).")
        .build());
    retentionDeletedBlocks = reg(Counter.builder()
        .name("watchkeeper_tsdb_retention_deleted_blocks_total")
        .help("Blocks deleted because all their data was older than the retention.")
        .build());
    headTruncations = reg(Counter.builder()
        .name("watchkeeper_tsdb_head_truncations_total")
        .help("Times the head dropped data persisted into blocks.")
        .build());
  }

  /** Registers the gauges, read from the open TSDB at scrape time. */
  void registerGauges(DoubleSupplier headSeries, DoubleSupplier headChunks, DoubleSupplier blocksLoaded,
      DoubleSupplier blocksBytes, DoubleSupplier headMinT, DoubleSupplier headMaxT, DoubleSupplier oooHeadSamples) {
    gauge("watchkeeper_tsdb_head_series", "Series in the head.", headSeries);
    gauge("watchkeeper_tsdb_head_chunks", "Chunks in the head (open, memory-mapped and out-of-order).", headChunks);
    gauge("watchkeeper_tsdb_blocks_loaded", "Blocks loaded.", blocksLoaded);
    gauge("watchkeeper_tsdb_storage_blocks_bytes", "Bytes used by blocks on disk.", blocksBytes);
    gauge("watchkeeper_tsdb_head_min_time_milliseconds", "Lowest timestamp of the in-order head.", headMinT);
    gauge("watchkeeper_tsdb_head_max_time_milliseconds", "Highest timestamp in the head.", headMaxT);
    gauge("watchkeeper_tsdb_out_of_order_head_samples", "Samples in the out-of-order head.", oooHeadSamples);
  }

  void reject(AppendException.Reason reason) {
    rejected.get(reason).inc();
    if (reason == AppendException.Reason.OUT_OF_ORDER) {
      outOfOrderSamples.inc();
    }
  }

  private void gauge(String name, String help, DoubleSupplier f) {
    reg(GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(f.getAsDouble())).build());
  }

  private <T extends Collector> T reg(T c) {
    registry.register(c);
    registered.add(c);
    return c;
  }

  /** Removes every metric from the registry (the TSDB is closed; a reopened one registers anew). */
  void unregister() {
    for (Collector c : registered) {
      registry.unregister(c);
    }
    registered.clear();
  }
}

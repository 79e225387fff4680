package io.watchkeeper.probe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The scheduler's own metrics, registered in the registry it is given:
 * {@code watchkeeper_probe_checks_total{type,result}}, {@code
 * watchkeeper_probe_check_duration_seconds{type}}, {@code
 * watchkeeper_probe_schedule_lag_seconds}, {@code watchkeeper_probe_skipped_checks_total}, {@code
 * watchkeeper_probe_abandoned_checks_total}, {@code watchkeeper_probe_append_failures_total},
 * {@code watchkeeper_probe_history_failures_total} and {@code watchkeeper_monitors{type}}.
 * Thread-safe.
 */
final class ProbeMetrics {
  final Counter checks;
  final Histogram checkDuration;
  final Histogram scheduleLag;
  final Counter skipped;
  final Counter abandoned;
  final Counter appendFailures;
  final Counter historyFailures;
  private final Gauge monitors;

  ProbeMetrics(PrometheusRegistry registry) {
    checks = Counter.builder().name("watchkeeper_probe_checks_total")
        .help("Monitor checks run, by monitor type and result (success, failure, unknown).")
        .labelNames("type", "result").register(registry);
    checkDuration = Histogram.builder().name("watchkeeper_probe_check_duration_seconds")
        .help("Duration of monitor checks, by monitor type.").labelNames("type").classicOnly()
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    scheduleLag = Histogram.builder().name("watchkeeper_probe_schedule_lag_seconds")
        .help("How late checks start after their scheduled time.").classicOnly()
        .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    skipped = Counter.builder().name("watchkeeper_probe_skipped_checks_total")
        .help("Scheduled checks skipped because the previous check of the monitor was still running.").register(registry);
    abandoned = Counter.builder().name("watchkeeper_probe_abandoned_checks_total")
        .help("Check attempts that did not stop by their deadline and were interrupted.").register(registry);
    appendFailures = Counter.builder().name("watchkeeper_probe_append_failures_total")
        .help("Probe samples the storage rejected.").register(registry);
    historyFailures = Counter.builder().name("watchkeeper_probe_history_failures_total")
        .help("Status transitions that could not be written to the status history.").register(registry);
    monitors = Gauge.builder().name("watchkeeper_monitors").help("Configured monitors, by type.").labelNames("type")
        .register(registry);
  }

  void monitorCounts(Map<MonitorType, Integer> counts) {
    Map<MonitorType, Integer> all = new EnumMap<>(MonitorType.class);
    for (MonitorType t : MonitorType.values()) {
      all.put(t, counts.getOrDefault(t, 0));
    }
    all.forEach((t, n) -> monitors.labelValues(t.configName()).set(n));
  }
}

package io.watchkeeper.ingest.scrape;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.AppendException;
import java.util.Locale;
import java.util.Map;

/**
 * The scrape manager's self metrics, registered in the registry passed in. Thread-safe.
 *
 * <ul>
 *   <li>{@code watchkeeper_scrape_duration_seconds{job}}: histogram of scrape durations
 *   <li>{@code watchkeeper_scrapes_total{job}}, {@code watchkeeper_scrapes_failed_total{job}}
 *   <li>{@code watchkeeper_scrape_samples_scraped_total{job}}
 *   <li>{@code watchkeeper_scrape_stale_markers_total{job}}: staleness markers written
 *   <li>{@code watchkeeper_scrape_appender_rejections_total{reason}}: samples the storage refused
 *   <li>{@code watchkeeper_scrape_targets{job}}: active targets
 * </ul>
 */
final class ScrapeMetrics {
  private final Histogram duration;
  private final Counter scrapes;
  private final Counter failed;
  private final Counter samples;
  private final Counter staleMarkers;
  private final Counter rejections;
  private final Gauge targets;

  ScrapeMetrics(PrometheusRegistry registry) {
    duration = Histogram.builder().name("watchkeeper_scrape_duration_seconds").help("Duration of scrapes, fetch and append.")
        .labelNames("job").classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60).register(registry);
    scrapes = Counter.builder().name("watchkeeper_scrapes_total").help("Scrapes attempted.").labelNames("job").register(registry);
    failed = Counter.builder().name("watchkeeper_scrapes_failed_total").help("Scrapes that failed (up was 0).").labelNames("job").register(registry);
    samples = Counter.builder().name("watchkeeper_scrape_samples_scraped_total").help("Samples read from scrape bodies.")
        .labelNames("job").register(registry);
    staleMarkers = Counter.builder().name("watchkeeper_scrape_stale_markers_total").help("Staleness markers written for series and targets that disappeared.")
        .labelNames("job").register(registry);
    rejections = Counter.builder().name("watchkeeper_scrape_appender_rejections_total").help("Scraped samples the storage refused, by reason.")
        .labelNames("reason").register(registry);
    targets = Gauge.builder().name("watchkeeper_scrape_targets").help("Active scrape targets.").labelNames("job").register(registry);
  }

  void record(String job, ScrapeResult r) {
    duration.labelValues(job).observe(r.durationSeconds());
    scrapes.labelValues(job).inc();
    if (!r.isUp()) {
      failed.labelValues(job).inc();
    }
    samples.labelValues(job).inc(r.samplesScraped());
    if (r.staleMarkers() > 0) {
      staleMarkers.labelValues(job).inc(r.staleMarkers());
    }
    for (Map.Entry<AppendException.Reason, Integer> e : r.rejections().entrySet()) {
      rejections.labelValues(e.getKey().name().toLowerCase(Locale.ROOT)).inc(e.getValue());
    }
  }

  void staleMarkers(String job, int n) {
    if (n > 0) {
      staleMarkers.labelValues(job).inc(n);
    }
  }

  void targets(String job, int n) {
    targets.labelValues(job).set(n);
  }

  void removeJob(String job) {
    targets.remove(job);
  }
}

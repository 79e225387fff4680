package io.watchkeeper.ingest.scrape;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.AppendException;
import java.util.EnumMap;
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
 *
 * <p>Data points are resolved once per job ({@link #forJob}) so a scrape records its figures
 * without a label lookup (that lookup allocated a third of a scrape's garbage); the histogram is
 * classic-only and nothing samples exemplars (both showed in profiles of 1000 small targets).
 */
final class ScrapeMetrics {
  private final Histogram duration;
  private final Counter scrapes;
  private final Counter failed;
  private final Counter samples;
  private final Counter staleMarkers;
  private final Gauge targets;
  private final Map<AppendException.Reason, CounterDataPoint> rejections = new EnumMap<>(AppendException.Reason.class);

  /** One job's data points. */
  final class Job {
    private final DistributionDataPoint duration;
    private final CounterDataPoint scrapes;
    private final CounterDataPoint failed;
    private final CounterDataPoint samples;
    private final CounterDataPoint staleMarkers;
    private final GaugeDataPoint targets;

    private Job(String job) {
      this.duration = ScrapeMetrics.this.duration.labelValues(job);
      this.scrapes = ScrapeMetrics.this.scrapes.labelValues(job);
      this.failed = ScrapeMetrics.this.failed.labelValues(job);
      this.samples = ScrapeMetrics.this.samples.labelValues(job);
      this.staleMarkers = ScrapeMetrics.this.staleMarkers.labelValues(job);
      this.targets = ScrapeMetrics.this.targets.labelValues(job);
    }

    void record(ScrapeResult r) {
      duration.observe(r.durationSeconds());
      scrapes.inc();
      if (!r.isUp()) {
        failed.inc();
      }
      samples.inc(r.samplesScraped());
      if (r.staleMarkers() > 0) {
        staleMarkers.inc(r.staleMarkers());
      }
      for (Map.Entry<AppendException.Reason, Integer> e : r.rejections().entrySet()) {
        rejections.get(e.getKey()).inc(e.getValue());
      }
    }

    void staleMarkers(int n) {
      if (n > 0) {
        staleMarkers.inc(n);
      }
    }

    void targets(int n) {
      targets.set(n);
    }
  }

  ScrapeMetrics(PrometheusRegistry registry) {
    duration = Histogram.builder().name("watchkeeper_scrape_duration_seconds").help("Duration of scrapes, fetch and append.")
        .labelNames("job").classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .withoutExemplars().register(registry);
    scrapes = Counter.builder().name("watchkeeper_scrapes_total").help("Scrapes attempted.").labelNames("job").withoutExemplars().register(registry);
    failed = Counter.builder().name("watchkeeper_scrapes_failed_total").help("Scrapes that failed (up was 0).").labelNames("job").withoutExemplars().register(registry);
    samples = Counter.builder().name("watchkeeper_scrape_samples_scraped_total").help("Samples read from scrape bodies.")
        .labelNames("job").withoutExemplars().register(registry);
    staleMarkers = Counter.builder().name("watchkeeper_scrape_stale_markers_total").help("Staleness markers written for series and targets that disappeared.")
        .labelNames("job").withoutExemplars().register(registry);
    Counter rejected = Counter.builder().name("watchkeeper_scrape_appender_rejections_total").help("Scraped samples the storage refused, by reason.")
        .labelNames("reason").withoutExemplars().register(registry);
    for (AppendException.Reason reason : AppendException.Reason.values()) {
      rejections.put(reason, rejected.labelValues(reason.name().toLowerCase(Locale.ROOT)));
    }
    targets = Gauge.builder().name("watchkeeper_scrape_targets").help("Active scrape targets.").labelNames("job").withoutExemplars().register(registry);
  }

  /** The data points of {@code job}. */
  Job forJob(String job) {
    return new Job(job);
  }

  /** Forgets a removed job's target gauge. */
  void removeJob(String job) {
    targets.remove(job);
  }
}

package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code scrape_configs} entry, with the global defaults already applied by the config loader.
 * Limits of 0 mean "no limit", as in Prometheus.
 */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long bodySizeLimitBytes,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    HttpClientConfig httpClient) {
  public ScrapeConfig {
    params = Map.copyOf(params);
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
  }

  /** Targets with labels, as in {@code static_configs} and file_sd files. */
  public record StaticConfig(List<String> targets, Map<String, String> labels) {
    public StaticConfig {
      targets = List.copyOf(targets);
      labels = Map.copyOf(labels);
    }
  }

  /** {@code file_sd_configs}: JSON or YAML files (globs allowed in the last path element). */
  public record FileSdConfig(List<String> files, Duration refreshInterval) {
    public FileSdConfig {
      files = List.copyOf(files);
    }
  }

  /** Convenience: the one optional of this record that is often tested. */
  public Optional<HttpClientConfig.BasicAuth> basicAuth() {
    return httpClient.basicAuth();
  }
}

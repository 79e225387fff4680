package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.relabel.RelabelConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link ScrapeConfig}s with Prometheus' defaults for tests (what the YAML loader produces). */
final class ScrapeConfigs {
  private ScrapeConfigs() {}

  static Builder builder(String job) {
    return new Builder(job);
  }

  static final class Builder {
    private final String job;
    private Duration interval = Duration.ofSeconds(15);
    private Duration timeout = Duration.ofSeconds(10);
    private String metricsPath = "/metrics";
    private String scheme = "http";
    private Map<String, List<String>> params = Map.of();
    private boolean honorLabels;
    private boolean honorTimestamps = true;
    private long sampleLimit;
    private long targetLimit;
    private long bodySizeLimit;
    private final List<ScrapeConfig.StaticConfig> statics = new ArrayList<>();
    private final List<ScrapeConfig.FileSdConfig> files = new ArrayList<>();
    private List<RelabelConfig> relabel = List.of();
    private List<RelabelConfig> metricRelabel = List.of();
    private HttpClientConfig http = HttpClientConfig.DEFAULT;

    Builder(String job) {
      this.job = job;
    }

    Builder interval(Duration d) {
      interval = d;
      return this;
    }

    Builder timeout(Duration d) {
      timeout = d;
      return this;
    }

    Builder metricsPath(String p) {
      metricsPath = p;
      return this;
    }

    Builder scheme(String s) {
      scheme = s;
      return this;
    }

    Builder params(Map<String, List<String>> p) {
      params = p;
      return this;
    }

    Builder honorLabels(boolean h) {
      honorLabels = h;
      return this;
    }

    Builder sampleLimit(long l) {
      sampleLimit = l;
      return this;
    }

    Builder targetLimit(long l) {
      targetLimit = l;
      return this;
    }

    Builder bodySizeLimit(long l) {
      bodySizeLimit = l;
      return this;
    }

    Builder target(String... targets) {
      statics.add(new ScrapeConfig.StaticConfig(List.of(targets), Map.of()));
      return this;
    }

    Builder targetWithLabels(Map<String, String> labels, String... targets) {
      statics.add(new ScrapeConfig.StaticConfig(List.of(targets), labels));
      return this;
    }

    Builder fileSd(Duration refresh, String... patterns) {
      files.add(new ScrapeConfig.FileSdConfig(List.of(patterns), refresh));
      return this;
    }

    Builder relabel(RelabelConfig... r) {
      relabel = List.of(r);
      return this;
    }

    Builder metricRelabel(RelabelConfig... r) {
      metricRelabel = List.of(r);
      return this;
    }

    Builder http(HttpClientConfig h) {
      http = h;
      return this;
    }

    ScrapeConfig build() {
      return new ScrapeConfig(job, interval, timeout, metricsPath, scheme, params, honorLabels, honorTimestamps, sampleLimit, 0, 0, 0,
          targetLimit, bodySizeLimit, statics, files, relabel, metricRelabel, http);
    }
  }

  static HttpClientConfig http(Optional<HttpClientConfig.BasicAuth> basic, Optional<HttpClientConfig.Authorization> auth,
      HttpClientConfig.TlsConfig tls) {
    return new HttpClientConfig(basic, auth, tls, true);
  }
}

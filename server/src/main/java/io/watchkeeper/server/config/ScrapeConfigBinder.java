package io.watchkeeper.server.config;

import io.watchkeeper.ingest.relabel.RelabelAction;
import io.watchkeeper.ingest.relabel.RelabelConfig;
import io.watchkeeper.ingest.scrape.HttpClientConfig;
import io.watchkeeper.ingest.scrape.ScrapeConfig;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Binds {@code scrape_configs} entries as Prometheus reads them, with its validation rules. */
final class ScrapeConfigBinder {
  /** Valid in Prometheus' scrape_config, not acted on here: a warning names them. */
  static final Set<String> UNSUPPORTED = Set.of(
      "track_timestamps_staleness", "scrape_protocols", "fallback_scrape_protocol", "enable_compression",
      "keep_dropped_targets", "oauth2", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header",
      "enable_http2", "scrape_classic_histograms", "always_scrape_classic_histograms", "native_histogram_bucket_limit",
      "native_histogram_min_bucket_factor", "convert_classic_histograms_to_nhcb", "scrape_failure_log_file",
      "metric_name_validation_scheme", "metric_name_escaping_scheme", "http_headers", "scrape_native_histograms",
      "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
      "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs",
      "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs", "kubernetes_sd_configs", "kuma_sd_configs",
      "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs", "nerve_sd_configs", "nomad_sd_configs",
      "openstack_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs", "scaleway_sd_configs",
      "serverset_sd_configs", "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs", "stackit_sd_configs");

  private static final Set<String> TLS_UNSUPPORTED = Set.of("ca", "cert", "key", "max_version");

  private ScrapeConfigBinder() {}

  /** Defaults a job inherits from {@code global:}. */
  record Defaults(Duration scrapeInterval, Duration scrapeTimeout, long sampleLimit, long labelLimit,
      long labelNameLengthLimit, long labelValueLengthLimit, long targetLimit, long bodySizeLimit) {}

  static List<ScrapeConfig> bind(List<Section> sections, Defaults defaults) {
    List<ScrapeConfig> out = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (Section s : sections) {
      Optional<ScrapeConfig> c = bindOne(s, defaults);
      if (c.isPresent()) {
        if (!jobs.add(c.get().jobName())) {
          s.error("job_name", "found multiple scrape configs with job name \"" + c.get().jobName() + "\"");
        }
        out.add(c.get());
      }
    }
    return out;
  }

  private static Optional<ScrapeConfig> bindOne(Section s, Defaults d) {
    Optional<String> job = s.string("job_name");
    if (job.isEmpty() || job.get().isEmpty()) {
      s.binder().error(s.location(), s.path() + ".job_name", "job_name is empty (every scrape config needs one)");
    }
    Duration interval = s.duration("scrape_interval", true).orElse(d.scrapeInterval());
    Optional<Duration> timeoutSet = s.duration("scrape_timeout", true);
    Duration timeout = timeoutSet.orElse(d.scrapeTimeout().compareTo(interval) > 0 ? interval : d.scrapeTimeout());
    if (timeout.compareTo(interval) > 0) {
      s.error("scrape_timeout", "scrape timeout greater than scrape interval for scrape config with job name \""
          + job.orElse("") + "\" (" + timeout.toSeconds() + "s > " + interval.toSeconds() + "s)");
    }
    String metricsPath = s.string("metrics_path", "/metrics");
    String scheme = s.string("scheme", "http");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      s.error("scheme", "unknown scheme \"" + scheme + "\" (use http or https)");
    }
    Map<String, List<String>> params = s.stringListMap("params");
    boolean honorLabels = s.bool("honor_labels", false);
    boolean honorTimestamps = s.bool("honor_timestamps", true);
    long sampleLimit = s.integer("sample_limit", d.sampleLimit(), 0);
    long labelLimit = s.integer("label_limit", d.labelLimit(), 0);
    long nameLen = s.integer("label_name_length_limit", d.labelNameLengthLimit(), 0);
    long valueLen = s.integer("label_value_length_limit", d.labelValueLengthLimit(), 0);
    long targetLimit = s.integer("target_limit", d.targetLimit(), 0);
    long bodyLimit = s.bytes("body_size_limit", d.bodySizeLimit());

    List<ScrapeConfig.StaticConfig> statics = new ArrayList<>();
    for (Section sc : s.sections("static_configs")) {
      List<String> targets = new ArrayList<>();
      for (Section.Located t : sc.locatedStrings("targets")) {
        if (t.value().contains("/")) {
          sc.binder().error(t.location(), t.path(), "\"" + t.value() + "\" is not a valid hostname (write host:port;"
              + " scheme and path go in scheme: and metrics_path:)");
        }
        targets.add(t.value());
      }
      Map<String, String> labels = labels(sc, "labels");
      sc.finish(Set.of());
      statics.add(new ScrapeConfig.StaticConfig(targets, labels));
    }
    List<ScrapeConfig.FileSdConfig> fileSds = new ArrayList<>();
    for (Section fc : s.sections("file_sd_configs")) {
      List<String> files = new ArrayList<>();
      for (Section.Located f : fc.locatedStrings("files")) {
        String lower = f.value().toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml"))) {
          fc.binder().error(f.location(), f.path(), "path name \"" + f.value()
              + "\" is not valid for file discovery (use .json, .yml or .yaml)");
        }
        files.add(fc.binder().resolve(f.value()).toString());
      }
      Duration refresh = fc.duration("refresh_interval", true).orElse(Duration.ofMinutes(5));
      fc.finish(Set.of());
      fileSds.add(new ScrapeConfig.FileSdConfig(files, refresh));
    }
    List<RelabelConfig> relabel = relabelConfigs(s, "relabel_configs");
    List<RelabelConfig> metricRelabel = relabelConfigs(s, "metric_relabel_configs");
    HttpClientConfig http = httpClient(s);
    s.finish(UNSUPPORTED);
    return Optional.of(new ScrapeConfig(job.orElse(""), interval, timeout, metricsPath, scheme, params, honorLabels,
        honorTimestamps, sampleLimit, labelLimit, nameLen, valueLen, targetLimit, bodyLimit, statics, fileSds,
        relabel, metricRelabel, http));
  }

  /** A label map whose names must be valid label names. */
  static Map<String, String> labels(Section s, String key) {
    Map<String, String> labels = s.stringMap(key);
    for (String name : labels.keySet()) {
      if (!Labels.isValidLabelName(name)) {
        s.error(key, "\"" + name + "\" is not a valid label name");
      }
    }
    return labels;
  }

  static HttpClientConfig httpClient(Section s) {
    Optional<HttpClientConfig.BasicAuth> basic = s.section("basic_auth").map(b -> {
      String user = b.string("username", "");
      Secret pass = b.secret("password", "password_file");
      b.finish(Set.of("username_file"));
      return new HttpClientConfig.BasicAuth(user, pass);
    });
    Optional<HttpClientConfig.Authorization> auth = s.section("authorization").map(a -> {
      String type = a.string("type", "Bearer");
      if (type.equalsIgnoreCase("basic")) {
        a.error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      Secret cred = a.secret("credentials", "credentials_file");
      a.finish(Set.of());
      return new HttpClientConfig.Authorization(type, cred);
    });
    Secret bearer = s.secret("bearer_token", "bearer_token_file");
    if (!bearer.isEmpty()) {
      if (auth.isPresent()) {
        s.error("bearer_token", "at most one of bearer_token, bearer_token_file and authorization must be configured");
      }
      auth = Optional.of(new HttpClientConfig.Authorization("Bearer", bearer));
    }
    if (basic.isPresent() && auth.isPresent()) {
      s.error("basic_auth", "at most one of basic_auth and authorization must be configured");
    }
    HttpClientConfig.TlsConfig tls = s.section("tls_config").map(t -> {
      String ca = t.string("ca_file").map(f -> t.binder().resolve(f).toString()).orElse("");
      String cert = t.string("cert_file").map(f -> t.binder().resolve(f).toString()).orElse("");
      String key = t.string("key_file").map(f -> t.binder().resolve(f).toString()).orElse("");
      if (cert.isEmpty() != key.isEmpty()) {
        t.error(cert.isEmpty() ? "key_file" : "cert_file", "cert_file and key_file must both be set for a client "
            + "certificate");
      }
      String serverName = t.string("server_name", "");
      boolean insecure = t.bool("insecure_skip_verify", false);
      String minVersion = t.string("min_version", "");
      if (!minVersion.isEmpty() && !Set.of("TLS10", "TLS11", "TLS12", "TLS13").contains(minVersion)) {
        t.error("min_version", "unknown TLS version \"" + minVersion + "\" (use TLS10, TLS11, TLS12 or TLS13)");
      }
      t.finish(TLS_UNSUPPORTED);
      return new HttpClientConfig.TlsConfig(ca, cert, key, serverName, insecure, minVersion);
    }).orElse(HttpClientConfig.TlsConfig.DEFAULT);
    boolean follow = s.bool("follow_redirects", true);
    return new HttpClientConfig(basic, auth, tls, follow);
  }

  static List<RelabelConfig> relabelConfigs(Section s, String key) {
    List<RelabelConfig> out = new ArrayList<>();
    for (Section r : s.sections(key)) {
      List<String> sources = r.strings("source_labels");
      String separator = r.rawString("separator").orElse(RelabelConfig.DEFAULT_SEPARATOR);
      String regex = r.rawString("regex").orElse(RelabelConfig.DEFAULT_REGEX);
      try {
        Pattern.compile("^(?s:" + regex + ")$");
      } catch (PatternSyntaxException e) {
        r.error("regex", "invalid regular expression \"" + regex + "\": " + e.getDescription());
      }
      long modulus = r.integer("modulus", 0, 0);
      String target = r.rawString("target_label").orElse("");
      String replacement = r.rawString("replacement").orElse(RelabelConfig.DEFAULT_REPLACEMENT);
      String actionText = r.string("action", "replace");
      Optional<RelabelAction> action = RelabelAction.fromText(actionText);
      if (action.isEmpty()) {
        r.error("action", "unknown relabel action \"" + actionText + "\"");
      }
      RelabelAction a = action.orElse(RelabelAction.REPLACE);
      if (action.isPresent() && (a == RelabelAction.REPLACE || a == RelabelAction.HASHMOD || a == RelabelAction.LOWERCASE
          || a == RelabelAction.UPPERCASE || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL)
          && target.isEmpty()) {
        r.binder().error(r.location(), r.path(), "relabel configuration for " + a.text() + " action requires "
            + "'target_label' value");
      }
      if (a == RelabelAction.HASHMOD && modulus == 0) {
        r.binder().error(r.location(), r.path(), "relabel configuration for hashmod requires non-zero modulus");
      }
      r.finish(Set.of());
      out.add(new RelabelConfig(sources, separator, regex, modulus, target, replacement, a));
    }
    return out;
  }
}

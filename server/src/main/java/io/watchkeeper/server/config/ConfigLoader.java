package io.watchkeeper.server.config;

import io.watchkeeper.ingest.scrape.ScrapeConfig;
import io.watchkeeper.model.Labels;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.rules.ThresholdRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the configuration file: a prometheus.yml loads unchanged (keys we don't support give one
 * warning naming them), Watchkeeper's own sections are bound strictly, and every problem is
 * reported at once as {@code file:line:column: path: message}. Stateless and thread-safe.
 */
public final class ConfigLoader {
  /** Valid top-level keys of Prometheus or of our product that this version does not act on yet. */
  static final Set<String> TOP_LEVEL_UNSUPPORTED = Set.of(
      "alerting", "remote_write", "remote_read", "tracing", "scrape_config_files", "otlp", "runtime",
      "slos");
  static final Set<String> GLOBAL_UNSUPPORTED = Set.of(
      "query_log_file", "scrape_failure_log_file", "rule_query_offset", "scrape_protocols", "keep_dropped_targets",
      "metric_name_validation_scheme", "metric_name_escaping_scheme", "native_histogram_bucket_limit",
      "native_histogram_min_bucket_factor", "convert_classic_histograms_to_nhcb", "always_scrape_classic_histograms",
      "scrape_native_histograms");

  private final Map<String, String> env;

  /** A loader that expands {@code ${VAR}} from {@code env}. */
  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads and validates a file. */
  public LoadedConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read configuration file: " + e.getMessage()
          + " (check the path given to --config)"));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir == null ? Path.of(".") : dir, text);
  }

  /** Loads and validates YAML text; relative paths in it resolve against {@code baseDir}. */
  public LoadedConfig parse(String source, Path baseDir, String text) throws ConfigException {
    YamlNode root = YamlTreeReader.read(source, text);
    Binder binder = new Binder(source, baseDir, env);
    if (!(root instanceof YamlNode.MapNode map)) {
      throw new ConfigException(List.of(source + ":" + root.location().line() + ":" + root.location().column()
          + ": the configuration must be a map of sections (global, scrape_configs, ...), got " + root.kind()));
    }
    Section top = new Section(binder, "", map);
    WatchkeeperConfig config = bind(source, top);
    // bound by NotificationsLoader, which reads the same file
    top.take("notifications");
    top.take("notifications_file");
    top.finish(TOP_LEVEL_UNSUPPORTED);
    if (!binder.errors().isEmpty()) {
      throw new ConfigException(binder.errors());
    }
    return new LoadedConfig(config, binder.warnings());
  }

  private static WatchkeeperConfig bind(String source, Section top) {
    WatchkeeperConfig.Global global = WatchkeeperConfig.Global.DEFAULT;
    ScrapeConfigBinder.Defaults defaults =
        new ScrapeConfigBinder.Defaults(global.scrapeInterval(), global.scrapeTimeout(), 0, 0, 0, 0, 0, 0);
    Optional<Section> g = top.section("global");
    if (g.isPresent()) {
      Section s = g.get();
      Duration interval = s.duration("scrape_interval", true).orElse(global.scrapeInterval());
      Duration timeout = s.duration("scrape_timeout", true).orElse(global.scrapeTimeout());
      if (timeout.compareTo(interval) > 0) {
        if (s.has("scrape_timeout")) {
          s.error("scrape_timeout", "global scrape timeout greater than scrape interval");
        } else {
          timeout = interval;
        }
      }
      Duration eval = s.duration("evaluation_interval", true).orElse(global.evaluationInterval());
      Labels external = Labels.of(ScrapeConfigBinder.labels(s, "external_labels"));
      defaults = new ScrapeConfigBinder.Defaults(interval, timeout, s.integer("sample_limit", 0, 0),
          s.integer("label_limit", 0, 0), s.integer("label_name_length_limit", 0, 0),
          s.integer("label_value_length_limit", 0, 0), s.integer("target_limit", 0, 0), s.bytes("body_size_limit", 0));
      s.finish(GLOBAL_UNSUPPORTED);
      global = new WatchkeeperConfig.Global(interval, timeout, eval, external);
    }
    List<ScrapeConfig> scrapes = ScrapeConfigBinder.bind(top.sections("scrape_configs"), defaults);
    List<Path> ruleFiles = new ArrayList<>();
    for (String f : top.strings("rule_files")) {
      ruleFiles.add(top.binder().resolve(f));
    }
    WatchkeeperConfig.StorageSettings storage = top.section("storage").map(ConfigLoader::storage)
        .orElse(WatchkeeperConfig.StorageSettings.DEFAULT);
    WatchkeeperConfig.ServerSettings server = top.section("server").map(s -> {
      Optional<String> url = s.string("external_url");
      s.finish(Set.of("auth", "tls", "tls_server_config", "basic_auth_users"));
      return new WatchkeeperConfig.ServerSettings(url);
    }).orElse(WatchkeeperConfig.ServerSettings.DEFAULT);
    List<MonitorConfig> monitors = MonitorsBinder.bind(top.sections("monitors"));
    List<ThresholdRule> alerts = ThresholdRuleBinder.bind(top.sections("alerts"));
    return new WatchkeeperConfig(source, global, scrapes, ruleFiles, storage, server, monitors, alerts);
  }

  private static WatchkeeperConfig.StorageSettings storage(Section s) {
    Optional<Path> path = s.string("path").map(p -> s.binder().resolve(p));
    Duration retention = s.duration("retention", true).orElse(WatchkeeperConfig.StorageSettings.DEFAULT_RETENTION);
    Duration ooo = Duration.ZERO;
    Optional<Section> tsdb = s.section("tsdb");
    if (tsdb.isPresent()) {
      ooo = tsdb.get().duration("out_of_order_time_window", false).orElse(Duration.ZERO);
      tsdb.get().finish(Set.of());
    }
    s.finish(Set.of("exemplars", "remote"));
    return new WatchkeeperConfig.StorageSettings(path, retention, ooo);
  }
}

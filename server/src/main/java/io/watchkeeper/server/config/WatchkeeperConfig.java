package io.watchkeeper.server.config;

import io.watchkeeper.ingest.scrape.ScrapeConfig;
import io.watchkeeper.model.Labels;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.rules.ThresholdRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated, with defaults applied.
 *
 * @param source the file it came from, or {@code <built-in>}
 * @param ruleFiles rule file patterns resolved against the config file's directory
 * @param monitors health checks and journeys ({@code monitors:})
 */
public record WatchkeeperConfig(
    String source,
    Global global,
    List<ScrapeConfig> scrapeConfigs,
    List<Path> ruleFiles,
    StorageSettings storage,
    ServerSettings server,
    List<MonitorConfig> monitors,
    List<ThresholdRule> alerts) {
  public WatchkeeperConfig {
    scrapeConfigs = List.copyOf(scrapeConfigs);
    ruleFiles = List.copyOf(ruleFiles);
    monitors = List.copyOf(monitors);
    alerts = List.copyOf(alerts);
  }

  /** {@code global:}. Prometheus defaults: 1m scrape and evaluation interval, 10s timeout. */
  public record Global(
      Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval, Labels externalLabels) {
    public static final Global DEFAULT =
        new Global(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Labels.EMPTY);
  }

  /**
   * {@code storage:}: our keys ({@code path}, {@code retention}) and Prometheus' {@code
   * tsdb.out_of_order_time_window}.
   */
  public record StorageSettings(Optional<Path> path, Duration retention, Duration outOfOrderWindow) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
    public static final StorageSettings DEFAULT =
        new StorageSettings(Optional.empty(), DEFAULT_RETENTION, Duration.ZERO);
  }

  /** {@code server:}: the URL users reach us at (links in alerts and the UI). */
  public record ServerSettings(Optional<String> externalUrl) {
    public static final ServerSettings DEFAULT = new ServerSettings(Optional.empty());
  }

  /** A configuration with nothing in it but defaults. */
  public static WatchkeeperConfig empty(String source) {
    return new WatchkeeperConfig(source, Global.DEFAULT, List.of(), List.of(), StorageSettings.DEFAULT,
        ServerSettings.DEFAULT, List.of(), List.of());
  }
}

package io.watchkeeper.server.config;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleGroupConfig;
import io.watchkeeper.rules.ThresholdCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a whole configuration: the file itself ({@link ConfigLoader}), its notification side
 * ({@link NotificationsLoader}) and the rule files it names ({@link RuleFileLoader}); the problems
 * of all three are reported together. Also makes the built-in configuration used when no file is
 * given. Stateless and thread-safe.
 */
public final class FullConfigLoader {
  /** The source name of the built-in configuration in messages. */
  public static final String BUILT_IN = "<built-in configuration>";

  private final Map<String, String> env;

  public FullConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads {@code file} and everything it names. */
  public FullConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read configuration file: " + e.getMessage()
          + " (check the path given to --config)"));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir == null ? Path.of(".") : dir, text, List.of());
  }

  /**
   * The built-in configuration: scrape ourselves at {@code listen} (job {@code watchkeeper}) and
   * the host metrics we serve there (job {@code host}, instance = {@code hostname}) every 15 s,
   * with the default alerting rules.
   */
  public FullConfig builtIn(String listen, String hostname) throws ConfigException {
    String text = resource("default-config.yml").replace("${LISTEN}", listen).replace("${HOSTNAME}", hostname);
    List<RuleGroupConfig> defaults = new RuleFileLoader().parse("<built-in rules>", Path.of("."),
        resource("default-rules.yml"));
    return parse(BUILT_IN, Path.of("."), text, defaults);
  }

  private FullConfig parse(String source, Path baseDir, String text, List<RuleGroupConfig> extraGroups)
      throws ConfigException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Optional<WatchkeeperConfig> main = Optional.empty();
    try {
      LoadedConfig loaded = new ConfigLoader(env).parse(source, baseDir, text);
      warnings.addAll(loaded.warnings());
      main = Optional.of(loaded.config());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    Optional<NotificationsConfig> notifications = Optional.empty();
    try {
      LoadedNotifications n = new NotificationsLoader(env).parse(source, baseDir, text);
      warnings.addAll(n.warnings());
      notifications = n.config();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    List<RuleGroupConfig> groups = new ArrayList<>(extraGroups);
    if (main.isPresent()) {
      // a monitor down for its failure_threshold alerts with its severity, with no rule to write
      MonitorRules.defaultGroup(main.get().monitors()).ifPresent(groups::add);
      // threshold alerts (alerts:) compile to one alerting-rule group on the global interval
      if (!main.get().alerts().isEmpty()) {
        try {
          groups.add(ThresholdCompiler.compile(main.get().alerts(), source, Optional.empty()));
        } catch (RuleConfigException e) {
          problems.add(source + ": alerts: " + e.getMessage());
        }
      }
      try {
        groups.addAll(new RuleFileLoader().loadAll(main.get().ruleFiles()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty() || main.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new FullConfig(main.get(), notifications, groups, warnings, text);
  }

  private static String resource(String name) {
    try (InputStream in = FullConfigLoader.class.getResourceAsStream("/io/watchkeeper/server/" + name)) {
      if (in == null) {
        throw new IllegalStateException("BUG: resource " + name + " missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in " + name, e);
    }
  }
}

package io.watchkeeper.server.config;

import io.watchkeeper.probe.MonitorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the {@code monitors:} section of a configuration file onto probe's records, every problem
 * reported at once as {@code file:line:column: path: message}. Reads only that key; {@link
 * ConfigLoader} owns the rest of the file. Stateless and thread-safe.
 *
 * <pre>{@code
 * LoadedMonitors m = new MonitorsLoader(System.getenv()).load(configPath);
 * probeScheduler.applyConfig(m.monitors());
 * ruleManager.applyConfig(concat(ruleGroups, MonitorRules.defaultGroup(m.monitors(), evaluationInterval)));
 * }</pre>
 *
 * Wiring it into {@link ConfigLoader} instead is one call there: {@code
 * MonitorsBinder.bind(top.sections("monitors"))} (dropping {@code monitors} from its unsupported
 * keys), so one pass reports every section's problems together.
 */
public final class MonitorsLoader {
  private final Map<String, String> env;

  /** A loader that expands {@code ${VAR}} from {@code env}. */
  public MonitorsLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads the monitors of a configuration file. */
  public LoadedMonitors load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read configuration file: " + e.getMessage()));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(file.toString(), dir == null ? Path.of(".") : dir, text);
  }

  /** Loads the monitors of configuration text; relative paths (ca_file, *_file) resolve against {@code baseDir}. */
  public LoadedMonitors parse(String source, Path baseDir, String text) throws ConfigException {
    YamlNode root = YamlTreeReader.read(source, text);
    if (!(root instanceof YamlNode.MapNode map)) {
      return new LoadedMonitors(List.of(), List.of());
    }
    Binder binder = new Binder(source, baseDir, env);
    Section top = new Section(binder, "", map);
    if (!top.has("monitors")) {
      return new LoadedMonitors(List.of(), List.of());
    }
    List<MonitorConfig> monitors = MonitorsBinder.bind(top.sections("monitors"));
    if (!binder.errors().isEmpty()) {
      throw new ConfigException(binder.errors());
    }
    return new LoadedMonitors(monitors, binder.warnings());
  }
}

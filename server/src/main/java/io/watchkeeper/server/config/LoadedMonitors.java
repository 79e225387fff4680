package io.watchkeeper.server.config;

import io.watchkeeper.probe.MonitorConfig;
import java.util.List;

/** The {@code monitors:} of a configuration that loaded (empty when it has none), and warnings. */
public record LoadedMonitors(List<MonitorConfig> monitors, List<String> warnings) {
  public LoadedMonitors {
    monitors = List.copyOf(monitors);
    warnings = List.copyOf(warnings);
  }
}

package io.watchkeeper.server.config;

import java.util.List;

/** A configuration that loaded, and the warnings about keys it has that we ignore. */
public record LoadedConfig(WatchkeeperConfig config, List<String> warnings) {
  public LoadedConfig {
    warnings = List.copyOf(warnings);
  }
}

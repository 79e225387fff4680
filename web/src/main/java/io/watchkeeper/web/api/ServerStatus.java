package io.watchkeeper.web.api;

import java.util.Map;

/**
 * The server's state for {@code /api/v1/status/*}: runtime figures, the configuration in force
 * and the command-line flags. Thread-safe.
 */
public interface ServerStatus {
  /** Current runtime information. */
  RuntimeInfo runtimeInfo();

  /**
   * The configuration in force as YAML, secrets replaced by {@code <secret>} (Prometheus shows
   * the loaded configuration the same way).
   */
  String configYaml();

  /** Command-line flags and their values, as {@code name → value} without leading dashes. */
  Map<String, String> flags();
}

package io.watchkeeper.web.api;

import java.util.Optional;

/**
 * Reloads the configuration for {@code POST /-/reload}: all or nothing, an invalid file keeps the
 * running configuration. Thread-safe; blocks until the reload is done.
 */
@FunctionalInterface
public interface ConfigReloader {
  /** Empty when the new configuration is in force, else why it was rejected. */
  Optional<String> reload();
}

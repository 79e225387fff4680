package io.watchkeeper.server.config;

import io.watchkeeper.alerting.NotificationsConfig;
import java.util.List;
import java.util.Optional;

/**
 * The notification side of a configuration that loaded: empty when the file has neither {@code
 * notifications:} nor {@code notifications_file:}, and the warnings about keys and receiver kinds
 * it has that we do not act on yet.
 */
public record LoadedNotifications(Optional<NotificationsConfig> config, List<String> warnings) {
  public LoadedNotifications {
    warnings = List.copyOf(warnings);
  }
}

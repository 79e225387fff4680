package io.watchkeeper.server.config;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.rules.RuleGroupConfig;
import java.util.List;
import java.util.Optional;

/**
 * Everything one configuration file brings, validated: the main sections, the notification
 * side, the rule groups of its rule files, the warnings about keys we ignore, and the text it
 * came from (for {@code /api/v1/status/config}, secrets redacted by the caller).
 */
public record FullConfig(
    WatchkeeperConfig main,
    Optional<NotificationsConfig> notifications,
    List<RuleGroupConfig> ruleGroups,
    List<String> warnings,
    String text) {
  public FullConfig {
    ruleGroups = List.copyOf(ruleGroups);
    warnings = List.copyOf(warnings);
  }
}

package io.watchkeeper.server.config;

import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.RuleConfig;
import io.watchkeeper.rules.RuleGroupConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerting rules every configuration with monitors gets, so a user who only configures
 * monitors is still paged: ordinary Prometheus rules over the probe scheduler's state series (one
 * source of truth; probe knows nothing of rules). Lives here rather than in probe or rules because
 * it joins the two, and only the server may.
 *
 * <ul>
 *   <li>{@code MonitorDown}: {@code watchkeeper_monitor_status{status="unhealthy"} == 1}, at once
 *       ({@code for: 0s}): the series turns unhealthy only after the monitor's {@code
 *       failure_threshold} consecutive failed checks, so the threshold is already applied. The
 *       alert carries the monitor's labels; its {@code severity} is the monitor's, {@code critical}
 *       when the monitor sets none, so a route on severity pages that severity's receivers.
 *   <li>{@code MonitorDegraded}: degraded for 10 minutes (slow, a certificate about to expire, a
 *       group with members down), severity {@code warning}.
 * </ul>
 *
 * Stateless.
 */
public final class MonitorRules {
  /** The group's name. */
  public static final String GROUP = "watchkeeper-monitors";
  /** The pseudo file the group belongs to (its identity together with the name). */
  public static final String FILE = "<monitors>";

  private MonitorRules() {}

  /** The default group for {@code monitors}; empty when there are none. */
  public static Optional<RuleGroupConfig> defaultGroup(List<MonitorConfig> monitors) {
    if (monitors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RuleGroupConfig.of(GROUP, FILE, rules()));
  }

  /** The rules, for {@link #defaultGroup} and documentation. */
  static List<RuleConfig> rules() {
    AlertingRuleConfig down = new AlertingRuleConfig("MonitorDown",
        "label_replace(max without (status) (watchkeeper_monitor_status{status=\"unhealthy\"} == 1),"
            + " \"severity\", \"critical\", \"severity\", \"\")",
        Duration.ZERO, Duration.ZERO, Map.of(),
        Map.of("summary", "Monitor {{ $labels.monitor }} is down",
            "description", "{{ $labels.monitor }} failed its last checks in a row (its failure_threshold). The reason:"
                + " GET /api/health?check={{ $labels.monitor }}"));
    AlertingRuleConfig degraded = new AlertingRuleConfig("MonitorDegraded",
        "max without (status) (watchkeeper_monitor_status{status=\"degraded\"} == 1)",
        Duration.ofMinutes(10), Duration.ZERO, Map.of("severity", "warning"),
        Map.of("summary", "Monitor {{ $labels.monitor }} has been degraded for 10 minutes",
            "description", "{{ $labels.monitor }} answers, but slowly or with a warning (a certificate about to expire, group"
                + " members down). The reason: GET /api/health?check={{ $labels.monitor }}"));
    return List.of(down, degraded);
  }
}

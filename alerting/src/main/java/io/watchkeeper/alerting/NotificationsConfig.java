package io.watchkeeper.alerting;

import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.escalation.EscalationPolicy;
import io.watchkeeper.alerting.history.HistoryOptions;
import io.watchkeeper.alerting.inhibit.InhibitRule;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code notifications:} section (or the {@code notifications_file:} it names): Alertmanager's
 * configuration with its {@code global.resolve_timeout}, {@code route}, {@code receivers}, {@code
 * inhibit_rules} and {@code time_intervals}/{@code mute_time_intervals}, validated by the server's
 * binder. Immutable.
 *
 * @param original the YAML text it was read from, for {@code GET /api/v2/status}; empty if built in
 *     code
 * @param escalationPolicies Watchkeeper's {@code escalation_policies:}, which routes name with
 *     {@code escalation:}
 * @param history Watchkeeper's {@code alert_history:} settings (retention)
 */
public record NotificationsConfig(
    Duration resolveTimeout,
    RouteConfig route,
    List<ReceiverConfig> receivers,
    List<InhibitRule> inhibitRules,
    TimeIntervals timeIntervals,
    String original,
    List<EscalationPolicy> escalationPolicies,
    HistoryOptions history) {
  /**
   * @throws IllegalArgumentException if the root route has no receiver or a route names an unknown
   *     receiver or time interval (the binder reports these with their place first)
   */
  public NotificationsConfig {
    Objects.requireNonNull(resolveTimeout, "resolveTimeout");
    receivers = List.copyOf(receivers);
    inhibitRules = List.copyOf(inhibitRules);
    Objects.requireNonNull(original, "original");
    escalationPolicies = List.copyOf(escalationPolicies);
    Objects.requireNonNull(history, "history");
    if (route.receiver().filter(r -> !r.isEmpty()).isEmpty()) {
      throw new IllegalArgumentException("root route must specify a default receiver");
    }
    Set<String> names = new HashSet<>();
    for (ReceiverConfig r : receivers) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("notification config name \"" + r.name() + "\" is not unique");
      }
    }
    Set<String> policies = new HashSet<>();
    for (EscalationPolicy p : escalationPolicies) {
      if (!policies.add(p.name())) {
        throw new IllegalArgumentException("escalation policy name \"" + p.name() + "\" is not unique");
      }
      for (EscalationPolicy.Step step : p.steps()) {
        for (String r : step.receivers()) {
          if (!names.contains(r)) {
            throw new IllegalArgumentException("undefined receiver \"" + r + "\" used in escalation policy \"" + p.name() + "\"");
          }
        }
      }
    }
    checkRoute(route, names, timeIntervals, policies);
  }

  /** A configuration without escalation policies. */
  public NotificationsConfig(Duration resolveTimeout, RouteConfig route, List<ReceiverConfig> receivers, List<InhibitRule> inhibitRules,
      TimeIntervals timeIntervals, String original) {
    this(resolveTimeout, route, receivers, inhibitRules, timeIntervals, original, List.of(), HistoryOptions.DEFAULTS);
  }

  /** The escalation policy with this name. */
  public Optional<EscalationPolicy> escalationPolicy(String name) {
    return escalationPolicies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static void checkRoute(RouteConfig r, Set<String> receivers, TimeIntervals intervals, Set<String> policies) {
    r.escalation().filter(p -> !policies.contains(p)).ifPresent(p -> {
      throw new IllegalArgumentException("undefined escalation policy \"" + p + "\" used in route");
    });
    r.receiver().filter(n -> !n.isEmpty() && !receivers.contains(n)).ifPresent(n -> {
      throw new IllegalArgumentException("undefined receiver \"" + n + "\" used in route");
    });
    for (String t : r.muteTimeIntervals()) {
      if (!intervals.byName().containsKey(t)) {
        throw new IllegalArgumentException("undefined time interval \"" + t + "\" used in route");
      }
    }
    for (String t : r.activeTimeIntervals()) {
      if (!intervals.byName().containsKey(t)) {
        throw new IllegalArgumentException("undefined time interval \"" + t + "\" used in route");
      }
    }
    r.routes().forEach(c -> checkRoute(c, receivers, intervals, policies));
  }

  /** A configuration that sends everything to one receiver with Alertmanager's defaults. */
  public static NotificationsConfig of(RouteConfig route, ReceiverConfig... receivers) {
    return new NotificationsConfig(AlertIntake.DEFAULT_RESOLVE_TIMEOUT, route, List.of(receivers), List.of(), TimeIntervals.NONE, "");
  }
}

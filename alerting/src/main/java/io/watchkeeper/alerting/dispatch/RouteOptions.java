package io.watchkeeper.alerting.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The options that apply to alerts a route matched, after inheritance (Alertmanager {@code
 * RouteOpts}). Immutable.
 *
 * @param groupBy label names alerts are grouped by (ignored when {@code groupByAll})
 * @param groupByAll whether alerts are grouped by all their labels ({@code group_by: [...]})
 * @param groupWait how long a new group waits for more alerts before its first notification
 * @param groupInterval how long to wait before notifying about changes of a group already notified
 * @param repeatInterval how long to wait before re-sending an unchanged notification
 */
public record RouteOptions(
    String receiver,
    Set<String> groupBy,
    boolean groupByAll,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals) {
  /** Alertmanager's defaults at the root: 30s, 5m, 4h, no grouping labels. */
  public static final RouteOptions DEFAULTS =
      new RouteOptions("", Set.of(), false, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), List.of(), List.of());

  public RouteOptions {
    Objects.requireNonNull(receiver, "receiver");
    groupBy = Set.copyOf(groupBy);
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
  }
}

package io.watchkeeper.alerting.notify;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the pipeline knows about one flush of an aggregation group (the values Alertmanager keeps in
 * its {@code context.Context}). Immutable.
 *
 * @param now the time of the flush: the only "now" the stages use
 * @param groupKey the group's key, {@code <route key>:<group labels>}
 * @param groupLabels the labels the group was formed by
 * @param receiver the receiver the group's route names
 * @param repeatInterval how long to wait before re-sending an unchanged notification
 * @param muteTimeIntervals names of the route's mute_time_intervals
 * @param activeTimeIntervals names of the route's active_time_intervals
 * @param routeId the route's unique ID
 */
public record NotifyContext(
    Instant now,
    String groupKey,
    Labels groupLabels,
    String receiver,
    Duration repeatInterval,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    String routeId) {
  public NotifyContext {
    Objects.requireNonNull(now, "now");
    muteTimeIntervals = List.copyOf(muteTimeIntervals);
    activeTimeIntervals = List.copyOf(activeTimeIntervals);
  }
}

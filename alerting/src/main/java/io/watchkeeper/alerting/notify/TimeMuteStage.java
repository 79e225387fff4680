package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import java.util.List;

/**
 * Drops the whole flush while the route is muted by its time intervals (Alertmanager {@code
 * TimeMuteStage} and {@code TimeActiveStage}): inside any of its {@code mute_time_intervals}, or
 * outside all of its {@code active_time_intervals}. Thread-safe.
 */
public record TimeMuteStage(TimeIntervals intervals) implements Stage {
  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) {
    if (ctx.muteTimeIntervals().isEmpty() && ctx.activeTimeIntervals().isEmpty()) {
      return alerts;
    }
    boolean muted = intervals.muter(ctx.muteTimeIntervals(), ctx.activeTimeIntervals()).mutes(ctx.groupLabels(), ctx.now());
    return muted ? List.of() : alerts;
  }
}

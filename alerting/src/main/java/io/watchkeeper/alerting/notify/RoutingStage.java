package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.List;
import java.util.Map;

/**
 * Runs the stage of the receiver the flushed group's route names ({@link NotifyContext#receiver()}).
 * Thread-safe if its stages are.
 */
public record RoutingStage(Map<String, Stage> byReceiver) implements Stage {
  public RoutingStage {
    byReceiver = Map.copyOf(byReceiver);
  }

  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) throws NotifyException {
    Stage s = byReceiver.get(ctx.receiver());
    if (s == null) {
      throw new NotifyException("cannot route alerts: no stage for receiver \"" + ctx.receiver() + "\"", false);
    }
    return s.exec(ctx, alerts);
  }
}

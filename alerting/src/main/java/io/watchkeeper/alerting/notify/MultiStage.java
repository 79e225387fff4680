package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.List;

/**
 * Runs stages in order, each on what the previous one let through; stops when none is left.
 * Thread-safe if its stages are.
 */
public record MultiStage(List<Stage> stages) implements Stage {
  public MultiStage {
    stages = List.copyOf(stages);
  }

  /** A multi-stage of these stages. */
  public static MultiStage of(Stage... stages) {
    return new MultiStage(List.of(stages));
  }

  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) throws NotifyException {
    List<TrackedAlert> current = alerts;
    for (Stage s : stages) {
      if (current.isEmpty()) {
        return List.of();
      }
      current = s.exec(ctx, current);
    }
    return current;
  }
}

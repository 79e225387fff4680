package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the same alerts to every stage (one per integration of a receiver); one failing does not
 * keep the others from running, and their failures are reported together. Alertmanager runs them
 * in parallel because its stages send; ours only check the notification log and write the outbox
 * (the sending happens in the {@link Deliverer}'s per-integration workers), so running them in
 * turn is as fast and keeps the order deterministic. Thread-safe if its stages are.
 */
public record FanoutStage(List<Stage> stages) implements Stage {
  public FanoutStage {
    stages = List.copyOf(stages);
  }

  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) throws NotifyException {
    List<NotifyException> failures = new ArrayList<>();
    for (Stage s : stages) {
      try {
        s.exec(ctx, alerts);
      } catch (NotifyException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      NotifyException first = failures.get(0);
      boolean retryable = failures.stream().anyMatch(NotifyException::retryable);
      NotifyException all = new NotifyException(
          failures.size() + " of " + stages.size() + " integrations failed: " + first.getMessage(), retryable, first);
      failures.stream().skip(1).forEach(all::addSuppressed);
      throw all;
    }
    return alerts;
  }
}

package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.List;

/**
 * One step of the notification pipeline (Alertmanager {@code notify.Stage}): takes the alerts of a
 * group flush and returns those that go on (an empty list stops the pipeline). Implementations are
 * thread-safe: the dispatcher may run flushes of different groups at once.
 */
@FunctionalInterface
public interface Stage {
  /**
   * Processes the alerts of one flush.
   *
   * @throws NotifyException if the notification could not be handed on; the group is flushed again
   *     at its next interval
   */
  List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) throws NotifyException;
}

package io.watchkeeper.rules;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.util.List;

/**
 * Where alerting rules hand their alerts (Prometheus {@code rules.NotifyFunc}): the notification
 * side implements it, the server wires it.
 *
 * <p>Contract: called after each evaluation of an alerting rule with the alerts that need sending
 * then — firing alerts (first time, and again every resend delay, with {@code endsAt} a few
 * intervals ahead) and resolved ones ({@code endsAt} = the resolution time, sent again for 15
 * minutes). Pending alerts are never sent. External labels are already added. The list is never
 * empty and the callee may keep it. Called from rule evaluation threads, concurrently for different
 * groups, so implementations must be thread-safe and should return quickly (queue, don't deliver).
 * An exception thrown here is logged and does not stop evaluation.
 */
@FunctionalInterface
public interface AlertSink {
  /** Accepts alerts of one rule evaluation. */
  void send(List<Alert> alerts);

  /**
   * An alert of a rule became pending: its condition holds, its {@code for} has not passed yet
   * ({@code startsAt} is when it became active; {@code endsAt} equals it). Only for the alert's
   * history: nothing is notified. Called once per pending period, after the evaluation, with
   * external labels added. Default: ignored.
   */
  default void pending(Alert alert) {}

  /**
   * A pending alert's condition stopped holding before it fired (its labels, external labels
   * added). Default: ignored.
   */
  default void pendingCleared(Labels labels) {}

  /** A sink that drops everything. */
  AlertSink DISCARD = alerts -> {};
}

package io.watchkeeper.alerting.escalation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One {@code escalation_policies} item: who else is notified, and when, while an alert group stays
 * firing and nobody acknowledged it. Step delays count from the group's first notification, so the
 * seeds' "5 → 15 → 30 minutes" is three steps with {@code after: 5m}, {@code 15m} and {@code 30m}.
 * Immutable.
 */
public record EscalationPolicy(String name, List<Step> steps) {
  /**
   * One step.
   *
   * @param after how long after the escalation began its receivers are notified
   * @param receivers names of receivers from {@code receivers:}
   */
  public record Step(Duration after, List<String> receivers) {
    public Step {
      Objects.requireNonNull(after, "after");
      receivers = List.copyOf(receivers);
      if (after.isNegative()) {
        throw new IllegalArgumentException("after must be >= 0, got " + after);
      }
      if (receivers.isEmpty()) {
        throw new IllegalArgumentException("a step needs at least one receiver");
      }
    }
  }

  /** @throws IllegalArgumentException without steps, or with steps out of order */
  public EscalationPolicy {
    Objects.requireNonNull(name, "name");
    steps = List.copyOf(steps);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("escalation policy needs a name");
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("escalation policy \"" + name + "\" has no steps");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).after().compareTo(steps.get(i - 1).after()) < 0) {
        throw new IllegalArgumentException("escalation policy \"" + name + "\": step " + (i + 1) + " comes after "
            + steps.get(i).after() + ", before step " + i + " (" + steps.get(i - 1).after() + "); steps must be in order");
      }
    }
  }
}

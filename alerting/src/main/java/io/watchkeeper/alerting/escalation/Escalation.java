package io.watchkeeper.alerting.escalation;

import io.watchkeeper.alerting.notify.Notification;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The escalation of one alert group: when it began, which step comes next, whether someone
 * acknowledged it, and the group's latest firing alerts (what a step sends). Immutable.
 *
 * @param groupKey the aggregation group's key (unique per route)
 * @param policy the policy's name
 * @param startedAt when the group was first notified firing
 * @param nextStep index of the next step to notify; the policy's size when all were notified
 * @param firing fingerprints of the group's firing alerts
 * @param latest the group's latest notification of its firing alerts
 */
public record Escalation(
    String groupKey,
    String policy,
    Instant startedAt,
    int nextStep,
    State state,
    Set<Long> firing,
    Notification latest,
    Optional<Instant> acknowledgedAt,
    String acknowledgedBy,
    Instant updatedAt) {
  /** Whether steps are still notified. */
  public enum State {
    /** Firing and not acknowledged: steps are notified when due. */
    OPEN,
    /** Someone acknowledged: no further steps. */
    ACKNOWLEDGED;

    /** The lower-case name for the API and the database. */
    public String apiName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Escalation {
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(state, "state");
    firing = Set.copyOf(firing);
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** When the next step is due under {@code p}; empty when acknowledged or every step was notified. */
  public Optional<Instant> nextAt(EscalationPolicy p) {
    if (state != State.OPEN || nextStep >= p.steps().size()) {
      return Optional.empty();
    }
    return Optional.of(startedAt.plus(p.steps().get(nextStep).after()));
  }

  /** This escalation with the group's latest firing alerts. */
  public Escalation withLatest(Set<Long> nowFiring, Notification n, Instant at) {
    return new Escalation(groupKey, policy, startedAt, nextStep, state, nowFiring, n, acknowledgedAt, acknowledgedBy, at);
  }

  /** This escalation after its next step was notified. */
  public Escalation advanced(Instant at) {
    return new Escalation(groupKey, policy, startedAt, nextStep + 1, state, firing, latest, acknowledgedAt, acknowledgedBy, at);
  }

  /** This escalation acknowledged by {@code by} at {@code at} (the first acknowledgement counts). */
  public Escalation acknowledged(String by, Instant at) {
    if (state == State.ACKNOWLEDGED) {
      return this;
    }
    return new Escalation(groupKey, policy, startedAt, nextStep, State.ACKNOWLEDGED, firing, latest, Optional.of(at), by, at);
  }
}

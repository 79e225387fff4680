package io.watchkeeper.alerting.history;

import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One occurrence of an alert, from pending or firing until resolved: what the history keeps per
 * alert, with the times its statistics are computed from. A new occurrence of the same labels
 * (after a resolution) is a new record. Immutable.
 *
 * @param id the store's ID, 0 before it is stored
 * @param fingerprint the fingerprint of the labels
 * @param name the {@code alertname} label (the rule)
 * @param severity the {@code severity} label, or empty
 * @param startsAt when the occurrence began (pending or firing)
 * @param firingAt when it started firing
 * @param acknowledgedBy who acknowledged it first, or empty
 * @param resolvedBy who closed it by hand, or empty when its source resolved it
 * @param notifications how many notifications about it were delivered
 * @param updatedAt when the record last changed
 */
public record AlertRecord(
    long id,
    long fingerprint,
    String name,
    String severity,
    Labels labels,
    Labels annotations,
    AlertState state,
    Instant startsAt,
    Optional<Instant> firingAt,
    Optional<Instant> acknowledgedAt,
    String acknowledgedBy,
    Optional<Instant> resolvedAt,
    String resolvedBy,
    int notifications,
    Instant updatedAt) {
  public AlertRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(firingAt, "firingAt");
    Objects.requireNonNull(acknowledgedAt, "acknowledgedAt");
    Objects.requireNonNull(acknowledgedBy, "acknowledgedBy");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(resolvedBy, "resolvedBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /**
   * A new occurrence (ID 0) that began at {@code startsAt} and is recorded at {@code at} in {@code
   * state} (pending or firing); a firing one counts as firing from {@code at}, when it was learned
   * of (Prometheus sends the time the alert became pending as its start).
   */
  public static AlertRecord begin(long fingerprint, Labels labels, Labels annotations, AlertState state, Instant startsAt, Instant at) {
    return new AlertRecord(0, fingerprint, labels.get("alertname"), labels.get("severity"), labels, annotations, state, startsAt,
        state == AlertState.FIRING ? Optional.of(at) : Optional.empty(), Optional.empty(), "", Optional.empty(), "", 0, at);
  }

  /** Whether the occurrence is over. */
  public boolean isResolved() {
    return state == AlertState.RESOLVED;
  }

  /** This record with an ID. */
  public AlertRecord withId(long newId) {
    return new AlertRecord(newId, fingerprint, name, severity, labels, annotations, state, startsAt, firingAt, acknowledgedAt,
        acknowledgedBy, resolvedAt, resolvedBy, notifications, updatedAt);
  }

  /**
   * The record after {@code event}: firing sets {@code firingAt} once; notified counts; the first
   * acknowledgement of an unresolved alert sets who and when; resolved ends it. Events after the
   * resolution change nothing but the count of notifications.
   */
  public AlertRecord apply(AlertEvent event) {
    AlertState s = state;
    Optional<Instant> firing = firingAt;
    Optional<Instant> acked = acknowledgedAt;
    String ackedBy = acknowledgedBy;
    Optional<Instant> resolved = resolvedAt;
    String resolver = resolvedBy;
    int notified = notifications;
    switch (event.type()) {
      case PENDING -> {}
      case FIRING -> {
        if (s == AlertState.PENDING) {
          s = AlertState.FIRING;
        }
        if (firing.isEmpty()) {
          firing = Optional.of(event.at());
        }
      }
      case NOTIFIED -> notified++;
      case ACKNOWLEDGED -> {
        if (s != AlertState.RESOLVED && acked.isEmpty()) {
          s = AlertState.ACKNOWLEDGED;
          acked = Optional.of(event.at());
          ackedBy = event.detail();
        }
      }
      case RESOLVED -> {
        if (s != AlertState.RESOLVED) {
          s = AlertState.RESOLVED;
          resolved = Optional.of(event.at());
          resolver = event.detail();
        }
      }
    }
    return new AlertRecord(id, fingerprint, name, severity, labels, annotations, s, startsAt, firing, acked, ackedBy, resolved, resolver,
        notified, event.at());
  }
}

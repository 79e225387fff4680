package io.watchkeeper.alerting.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One notification waiting in the {@link Outbox} for one integration, with what its delivery will
 * record in the notification log and its retry state. Immutable.
 *
 * @param id the outbox's ID, 0 before it is stored
 * @param integrationKey the integration's key, {@code receiver/kind/index}
 * @param firing fingerprints of the firing alerts, recorded in the nflog once delivered
 * @param resolved fingerprints of the resolved alerts, likewise
 * @param repeatInterval the route's repeat interval: the nflog entry lives twice as long
 * @param createdAt when it was written
 * @param attempts delivery attempts made so far
 * @param nextAttemptAt when it may be tried (again)
 * @param lastError why the last attempt failed, or empty
 */
public record OutboxEntry(
    long id,
    String integrationKey,
    String groupKey,
    Notification notification,
    Set<Long> firing,
    Set<Long> resolved,
    Duration repeatInterval,
    Instant createdAt,
    int attempts,
    Instant nextAttemptAt,
    String lastError) {
  public OutboxEntry {
    Objects.requireNonNull(integrationKey, "integrationKey");
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(notification, "notification");
    firing = Set.copyOf(firing);
    resolved = Set.copyOf(resolved);
    Objects.requireNonNull(repeatInterval, "repeatInterval");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** This entry with an ID. */
  public OutboxEntry withId(long newId) {
    return new OutboxEntry(newId, integrationKey, groupKey, notification, firing, resolved, repeatInterval, createdAt, attempts,
        nextAttemptAt, lastError);
  }

  /** This entry after a failed attempt. */
  public OutboxEntry retried(int newAttempts, Instant next, String error) {
    return new OutboxEntry(id, integrationKey, groupKey, notification, firing, resolved, repeatInterval, createdAt, newAttempts,
        next, error);
  }
}

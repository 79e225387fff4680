package io.watchkeeper.alerting.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What was last delivered for one group to one integration (Alertmanager {@code nflogpb.Entry}):
 * the fingerprints of the firing and resolved alerts it carried, and when. Immutable.
 *
 * @param receiverKey the integration's key, {@code receiver/kind/index}
 * @param expiresAt when the entry may be forgotten
 */
public record NflogEntry(String groupKey, String receiverKey, Set<Long> firing, Set<Long> resolved, Instant timestamp, Instant expiresAt) {
  public NflogEntry {
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(receiverKey, "receiverKey");
    firing = Set.copyOf(firing);
    resolved = Set.copyOf(resolved);
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether every alert of {@code subset} was firing in this notification. */
  public boolean isFiringSubset(Set<Long> subset) {
    return firing.containsAll(subset);
  }

  /** Whether every alert of {@code subset} was resolved in this notification. */
  public boolean isResolvedSubset(Set<Long> subset) {
    return resolved.containsAll(subset);
  }
}

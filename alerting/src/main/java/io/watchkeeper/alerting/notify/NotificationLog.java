package io.watchkeeper.alerting.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * The notification log (Alertmanager {@code nflog}): per group and integration, what was last
 * delivered, so the same notification is not sent twice — across restarts too, as it is
 * persisted. The embedded and PostgreSQL versions live in the {@code postgres} module; {@link
 * InMemoryNotificationLog} serves tests.
 *
 * <p>Contract: {@link #log} replaces the entry of the same group and receiver key. Thread-safe;
 * failures throw {@link io.watchkeeper.alerting.alert.StoreException}.
 */
public interface NotificationLog {
  /** The last entry for a group and integration (expired ones stay until {@link #gc}). */
  Optional<NflogEntry> query(String receiverKey, String groupKey);

  /** Records a delivery, replacing the previous entry of the group and integration. */
  void log(NflogEntry entry);

  /** Deletes entries expired at {@code now}; returns how many. */
  int gc(Instant now);

  /** The time of the integration's latest delivery, for rate limits after a restart. */
  Optional<Instant> lastNotified(String receiverKey);

  /** How many entries there are. */
  long size();
}

package io.watchkeeper.alerting.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The persisted outbox: every notification is written here before it is sent and removed once it
 * was delivered or given up, so a crash or a receiver outage loses nothing. The embedded and
 * PostgreSQL versions live in the {@code postgres} module; {@link InMemoryOutbox} serves tests.
 *
 * <p>Contract: {@link #put} replaces a waiting entry of the same integration and group (a newer
 * flush supersedes an undelivered one, as Alertmanager's retries end at the next flush) and returns
 * the entry with its new ID; {@link #due} returns entries whose {@code nextAttemptAt} is not after
 * {@code now}, oldest due first. Thread-safe; failures throw {@link
 * io.watchkeeper.alerting.alert.StoreException}.
 */
public interface Outbox {
  /** Stores an entry, replacing a waiting one of the same integration key and group key. */
  OutboxEntry put(OutboxEntry entry);

  /** Up to {@code limit} entries of the integration due at {@code now}. */
  List<OutboxEntry> due(String integrationKey, Instant now, int limit);

  /** When the integration's next entry is due, if it has any. */
  Optional<Instant> nextAttemptAt(String integrationKey);

  /** Records a failed attempt: new attempt count, next time, and the error. */
  void reschedule(long id, int attempts, Instant nextAttemptAt, String lastError);

  /** Removes an entry; false if it was gone (replaced meanwhile). */
  boolean remove(long id);

  /** The integration keys that have entries (to resume delivery after a restart). */
  Set<String> integrationKeys();

  /** How many entries wait. */
  long size();
}

package io.watchkeeper.alerting.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where alert history is kept. The embedded and PostgreSQL versions live in the {@code postgres}
 * module; {@link InMemoryAlertHistoryStore} serves tests.
 *
 * <p>Contract: {@link #open} stores a new record with its first event and returns it with its
 * ID; {@link #append} adds an event and updates the record as {@link AlertRecord#apply} says, in
 * one transaction, returning the updated record (empty if the ID is unknown). Lists are newest
 * first (by {@code startsAt}, then ID). Thread-safe; failures throw {@link
 * io.watchkeeper.alerting.alert.StoreException}.
 */
public interface AlertHistoryStore {
  /** Stores a new occurrence (its ID is ignored) and the event that began it. */
  AlertRecord open(AlertRecord record, AlertEvent first);

  /** Adds an event to an alert's timeline and updates the alert. */
  Optional<AlertRecord> append(AlertEvent event);

  /** The alert with this ID. */
  Optional<AlertRecord> get(long id);

  /** The alerts not resolved. */
  List<AlertRecord> active();

  /** A page of the history. */
  HistoryPage history(HistoryQuery query);

  /** An alert's timeline, oldest first. */
  List<AlertEvent> events(long alertId);

  /** Statistics over the alerts that began in [{@code from}, {@code to}); {@code top} noisiest rules. */
  AlertStats stats(Instant from, Instant to, int top);

  /** Deletes alerts resolved before {@code cutoff}, with their events; returns how many alerts. */
  int deleteResolvedBefore(Instant cutoff);
}

package io.watchkeeper.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where status transitions are kept: the source of uptime percentages and of the transitions the
 * detailed health view lists. The embedded and production versions are SQL ({@code
 * io.watchkeeper.postgres.JdbcStatusHistory}, H2 or PostgreSQL); {@link InMemoryStatusHistory}
 * serves tests and setups without a database.
 *
 * <p>Contract: thread-safe; changes of one monitor are recorded in time order; reads return
 * changes ordered by time, then by order of recording. Failures throw {@link
 * StatusHistoryException}.
 */
public interface StatusHistory {
  /** Keeps a transition. */
  void record(StatusChange change);

  /** The changes of {@code monitor} with {@code from <= at < to}, oldest first. */
  List<StatusChange> changes(String monitor, Instant from, Instant to);

  /** The last change of {@code monitor} at or before {@code at}: its status at that time. */
  Optional<StatusChange> latestAtOrBefore(String monitor, Instant at);

  /** The most recent {@code limit} changes of {@code monitor}, newest first. */
  List<StatusChange> recent(String monitor, int limit);

  /**
   * Forgets changes older than {@code before}, except each monitor's last one before it (which
   * still says what the status was at {@code before}).
   *
   * @return how many changes were removed
   */
  int prune(Instant before);
}

package io.watchkeeper.alerting.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of the history: alerts active at some time in [{@code from}, {@code to}] (begun by
 * {@code to}, not resolved before {@code from}), optionally of one severity and rule, newest
 * first. Immutable.
 *
 * @param page 1-based
 * @param limit alerts per page, 1 to {@link #MAX_LIMIT}
 */
public record HistoryQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> severity, Optional<String> name, int page,
    int limit) {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  public HistoryQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(name, "name");
    if (page < 1) {
      throw new IllegalArgumentException("page must be >= 1, got " + page);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** Everything, first page of {@code limit}. */
  public static HistoryQuery all(int limit) {
    return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, limit);
  }

  /** Whether {@code r} is selected (the filter, not the paging). */
  public boolean matches(AlertRecord r) {
    if (to.isPresent() && r.startsAt().isAfter(to.get())) {
      return false;
    }
    if (from.isPresent() && r.resolvedAt().isPresent() && r.resolvedAt().get().isBefore(from.get())) {
      return false;
    }
    return severity.map(s -> s.equals(r.severity())).orElse(true) && name.map(n -> n.equals(r.name())).orElse(true);
  }

  /** How many records the pages before this one hold. */
  public long offset() {
    return (long) (page - 1) * limit;
  }
}

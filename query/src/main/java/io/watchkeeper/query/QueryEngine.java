package io.watchkeeper.query;

import io.watchkeeper.storage.Queryable;
import java.time.Duration;

/**
 * Evaluates PromQL with Prometheus semantics. Thread-safe: many queries may run at once.
 * Timestamps are epoch milliseconds.
 */
public interface QueryEngine {
  /** Evaluates {@code expr} at one instant, under the engine's own timeout. */
  QueryResult instantQuery(Queryable storage, String expr, long timeMillis) throws QueryException;

  /**
   * Evaluates {@code expr} at one instant in the calling thread, failing with {@link
   * QueryTimeoutException} once {@code timeout} (capped at the engine's own) has passed.
   */
  QueryResult instantQuery(Queryable storage, String expr, long timeMillis, Duration timeout) throws QueryException;

  /**
   * Evaluates {@code expr} at {@code start, start + step, ...} up to {@code end}; the result is
   * always a {@link Matrix} (Prometheus' range-query rule: scalar and vector results become
   * series).
   */
  QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis)
      throws QueryException;

  /** {@link #rangeQuery(Queryable, String, long, long, long)} under {@code timeout} (capped at the engine's own). */
  QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis, Duration timeout)
      throws QueryException;
}

package io.watchkeeper.query;

import io.watchkeeper.storage.Queryable;

/**
 * Evaluates PromQL with Prometheus semantics. Thread-safe: many queries may run at once.
 * Timestamps are epoch milliseconds.
 */
public interface QueryEngine {
  /** Evaluates {@code expr} at one instant. */
  QueryResult instantQuery(Queryable storage, String expr, long timeMillis) throws QueryException;

  /**
   * Evaluates {@code expr} at {@code start, start + step, ...} up to {@code end}; the result is
   * always a {@link Matrix} (Prometheus' range-query rule: scalar and vector results become
   * series).
   */
  QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis)
      throws QueryException;
}

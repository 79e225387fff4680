package io.watchkeeper.rules;

import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryValue;

/**
 * Evaluates PromQL for rules (Prometheus {@code rules.QueryFunc}): an instant query of {@code expr}
 * at {@code timeMillis}. The server adapts its PromQL engine and storage to it; tests use fakes.
 *
 * <p>Contract: returns a {@link io.watchkeeper.query.Vector} or a {@link io.watchkeeper.query.Scalar}
 * for well-formed rule expressions (anything else is reported as a rule error); throws {@link
 * QueryException} when evaluation fails. Called concurrently from many rule groups, so
 * implementations must be thread-safe.
 */
@FunctionalInterface
public interface QueryFunction {
  /**
   * Evaluates {@code expr} at {@code timeMillis} (epoch ms).
   *
   * @throws QueryException when the expression does not parse or fails to evaluate
   */
  QueryValue query(String expr, long timeMillis) throws QueryException;
}

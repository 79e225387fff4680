package io.watchkeeper.query.engine;

import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.QueryException;

/**
 * Carries a {@link QueryException} through evaluation code (and worker threads) that cannot
 * declare checked exceptions; {@link PromqlEngine} unwraps it at the boundary. No stack trace:
 * the cause has its own.
 */
final class QueryFailure extends RuntimeException {
  private final QueryException failure;

  QueryFailure(QueryException failure) {
    super(failure.getMessage(), failure, false, false);
    this.failure = failure;
  }

  /** An execution error with Prometheus' wording. */
  static QueryFailure execution(String message) {
    return new QueryFailure(new EvaluationException(message));
  }

  QueryException failure() {
    return failure;
  }
}

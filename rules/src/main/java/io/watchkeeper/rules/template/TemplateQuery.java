package io.watchkeeper.rules.template;

import io.watchkeeper.model.Sample;
import io.watchkeeper.query.QueryException;
import java.util.List;

/**
 * Runs the PromQL of the template function {@code query "expr"} at the template's evaluation time.
 * Implementations must be thread-safe; a scalar result comes back as one sample without labels.
 */
@FunctionalInterface
public interface TemplateQuery {
  /** A query that fails: for templates that must not reach the database (checks, tests). */
  TemplateQuery NONE = (expr, t) -> {
    throw new io.watchkeeper.query.EvaluationException("queries are not available here");
  };

  /**
   * Evaluates {@code expr} at {@code timeMillis} (epoch ms).
   *
   * @throws QueryException when the expression fails or is not an instant vector or scalar
   */
  List<Sample> query(String expr, long timeMillis) throws QueryException;
}

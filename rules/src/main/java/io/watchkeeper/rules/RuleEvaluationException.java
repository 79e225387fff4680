package io.watchkeeper.rules;

/**
 * Why one evaluation of a rule failed: the query failed, the result was not a vector, labels
 * collided, or a limit was exceeded. Its message is what {@code lastError} shows.
 */
public final class RuleEvaluationException extends Exception {
  public RuleEvaluationException(String message) {
    super(message);
  }

  public RuleEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}

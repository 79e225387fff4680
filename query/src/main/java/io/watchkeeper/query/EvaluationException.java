package io.watchkeeper.query;

/** An error while evaluating a well-formed query (e.g. many-to-many matching, duplicate series). */
public final class EvaluationException extends QueryException {
  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.EXECUTION;
  }
}

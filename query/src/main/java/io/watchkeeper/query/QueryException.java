package io.watchkeeper.query;

/** Why a query failed; {@link #errorType()} says how the HTTP API reports it. */
public abstract sealed class QueryException extends Exception
    permits ParseException,
        EvaluationException,
        QueryTimeoutException,
        QueryCanceledException,
        TooManySamplesException,
        QueryStorageException {
  protected QueryException(String message) {
    super(message);
  }

  protected QueryException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract ErrorType errorType();
}

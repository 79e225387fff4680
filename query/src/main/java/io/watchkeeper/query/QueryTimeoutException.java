package io.watchkeeper.query;

/** The query ran past its timeout. */
public final class QueryTimeoutException extends QueryException {
  public QueryTimeoutException(String message) {
    super(message);
  }

  public QueryTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.TIMEOUT;
  }
}

package io.watchkeeper.query;

/** The query was canceled (its client went away or the server is stopping). */
public final class QueryCanceledException extends QueryException {
  public QueryCanceledException(String message) {
    super(message);
  }

  public QueryCanceledException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.CANCELED;
  }
}

package io.watchkeeper.query;

/** Storage failed while the query read from it. */
public final class QueryStorageException extends QueryException {
  public QueryStorageException(String message) {
    super(message);
  }

  public QueryStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.INTERNAL;
  }
}

package io.watchkeeper.query;

/** The query would hold more samples (or series, or points) in memory than its limit allows. */
public final class TooManySamplesException extends QueryException {
  public TooManySamplesException(String message) {
    super(message);
  }

  public TooManySamplesException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.EXECUTION;
  }
}

package io.watchkeeper.probe;

/**
 * The status history could not be read or written (the database is down, the disk full).
 * Unchecked: the scheduler keeps monitoring and logs it; the API reports it.
 */
public final class StatusHistoryException extends RuntimeException {
  public StatusHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}

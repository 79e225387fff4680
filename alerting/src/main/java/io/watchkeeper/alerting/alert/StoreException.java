package io.watchkeeper.alerting.alert;

/**
 * A store of alerting's state (silences, notification log, outbox) failed to read or write: the
 * database is down, the disk is full. Unchecked: callers cannot do better than report it, and the
 * layer that decides (the API, the dispatcher) logs it.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.watchkeeper.alerting.notify;

import org.jspecify.annotations.Nullable;

/**
 * A notification that could not be delivered, and whether trying again may help (Alertmanager's
 * {@code (retry bool, err error)}): timeouts, connection failures, 5xx and 429 are retryable; other
 * 4xx, invalid payloads and template errors are permanent.
 */
public final class NotifyException extends Exception {
  private final boolean retryable;

  public NotifyException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public NotifyException(String message, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** A failure worth retrying. */
  public static NotifyException retryable(String message, @Nullable Throwable cause) {
    return new NotifyException(message, true, cause);
  }

  /** A failure that would repeat. */
  public static NotifyException permanent(String message, @Nullable Throwable cause) {
    return new NotifyException(message, false, cause);
  }

  /** Whether the delivery should be retried. */
  public boolean retryable() {
    return retryable;
  }
}

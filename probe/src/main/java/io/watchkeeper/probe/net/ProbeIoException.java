package io.watchkeeper.probe.net;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A network step of a probe failed. The message is the reason shown to operators ("connection
 * refused by 10.0.0.5:443", "TLS certificate expired on 2024-01-01T00:00:00Z"); the kind lets
 * callers count failures by cause. Expected in normal operation, so it carries no stack trace.
 */
public final class ProbeIoException extends IOException {
  /** What went wrong. */
  public enum Kind {
    /** The host name could not be resolved. */
    DNS,
    /** Nothing listens on the port, or the connection attempt was refused or unroutable. */
    CONNECT,
    /** The deadline passed. */
    TIMEOUT,
    /** The peer reset or closed the connection early. */
    RESET,
    /** The TLS handshake or certificate verification failed. */
    TLS,
    /** The server did not speak the protocol (malformed status line, headers, chunks). */
    PROTOCOL,
    /** The response body was larger than allowed. */
    TOO_LARGE
  }

  private final Kind kind;

  public ProbeIoException(Kind kind, String message) {
    this(kind, message, null);
  }

  public ProbeIoException(Kind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected outcome, not a bug: no stack trace
  }
}

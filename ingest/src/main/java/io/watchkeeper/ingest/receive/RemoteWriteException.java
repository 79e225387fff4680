package io.watchkeeper.ingest.receive;

/**
 * A remote-write request that cannot be decoded at all: its body is not snappy, not a {@code
 * WriteRequest}, or too large once decompressed. Nothing of such a request is appended. Samples
 * that decode but are refused one by one (invalid labels, out of order) are not reported this way
 * but in {@link RemoteWriteDecoder.Result}.
 */
public final class RemoteWriteException extends Exception {
  /** Why the request was refused as a whole. */
  public enum Reason {
    /** Corrupt snappy block or protobuf message (HTTP 400). */
    MALFORMED,
    /** The decompressed body would exceed the configured limit (HTTP 413). */
    TOO_LARGE
  }

  private final Reason reason;

  public RemoteWriteException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RemoteWriteException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

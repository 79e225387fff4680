package io.watchkeeper.probe.net;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The moment a probe must be done by, on a monotonic nanosecond clock. Every blocking step reads
 * its remaining time from here, so a slow server cannot stretch a check past its timeout one read
 * at a time. Immutable; thread-safe.
 */
public final class Deadline {
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final long deadlineNanos;
  private final Duration timeout;

  private Deadline(LongSupplier nanoTime, Duration timeout) {
    this.nanoTime = nanoTime;
    this.timeout = timeout;
    this.startNanos = nanoTime.getAsLong();
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  /** A deadline {@code timeout} from now on {@code nanoTime} (e.g. {@code System::nanoTime}). */
  public static Deadline after(Duration timeout, LongSupplier nanoTime) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
    return new Deadline(nanoTime, timeout);
  }

  /** The whole time allowed. */
  public Duration timeout() {
    return timeout;
  }

  /** The clock this deadline runs on. */
  public LongSupplier nanoTime() {
    return nanoTime;
  }

  /** Nanoseconds since the deadline was set. */
  public long elapsedNanos() {
    return nanoTime.getAsLong() - startNanos;
  }

  /** Whether the time is up. */
  public boolean expired() {
    return nanoTime.getAsLong() - deadlineNanos >= 0;
  }

  /** Milliseconds left, at least 1 while not expired, 0 once expired. */
  public int remainingMillis() {
    long left = deadlineNanos - nanoTime.getAsLong();
    if (left <= 0) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000));
  }

  /**
   * The time left as a socket timeout.
   *
   * @throws ProbeIoException of kind {@link ProbeIoException.Kind#TIMEOUT} if none is left
   */
  public int socketTimeoutMillis(String doing) throws ProbeIoException {
    int left = remainingMillis();
    if (left == 0) {
      throw timedOut(doing);
    }
    return left;
  }

  /** The failure for running out of time while {@code doing} something. */
  public ProbeIoException timedOut(String doing) {
    return new ProbeIoException(ProbeIoException.Kind.TIMEOUT,
        "timed out after " + Durations.format(timeout) + " " + doing);
  }
}

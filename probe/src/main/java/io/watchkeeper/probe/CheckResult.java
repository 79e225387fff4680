package io.watchkeeper.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The verdict of one check of a monitor, after retries and latency thresholds.
 *
 * @param startedAt when the check started, by the scheduler's clock
 * @param duration how long the last attempt took
 * @param verdict healthy, degraded, unhealthy (failed) or unknown (a group that cannot tell yet)
 * @param message why, in words for operators
 * @param attempts how many attempts the check made (1 plus retries used)
 */
public record CheckResult(Instant startedAt, Duration duration, Status verdict, String message, int attempts) {
  public CheckResult {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the check failed. */
  public boolean failed() {
    return verdict == Status.UNHEALTHY;
  }
}

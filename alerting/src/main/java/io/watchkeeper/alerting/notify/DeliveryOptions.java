package io.watchkeeper.alerting.notify;

import java.time.Duration;

/**
 * How the {@link Deliverer} retries.
 *
 * @param initialBackoff wait after the first failed attempt
 * @param multiplier growth of the wait per further failure
 * @param maxBackoff the longest wait between attempts
 * @param jitter fraction of the wait taken off at random (0.5: between half and all of it), so
 *     integrations failing together do not retry in lockstep
 * @param maxAge how long a notification is retried before it is given up (and counted as failed)
 * @param callTimeout the longest one notifier call may take before it is interrupted and counted
 *     as a retryable timeout
 * @param batchSize entries fetched from the outbox per round
 */
public record DeliveryOptions(
    Duration initialBackoff, double multiplier, Duration maxBackoff, double jitter, Duration maxAge, Duration callTimeout, int batchSize) {
  /** 1s doubling to 5m with 50% jitter, retried for a day, 60s per call, 100 per round. */
  public static final DeliveryOptions DEFAULTS =
      new DeliveryOptions(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 0.5, Duration.ofDays(1), Duration.ofSeconds(60), 100);

  public DeliveryOptions {
    if (initialBackoff.isNegative() || initialBackoff.isZero() || multiplier < 1 || jitter < 0 || jitter >= 1 || batchSize < 1) {
      throw new IllegalArgumentException("invalid delivery options " + initialBackoff + " x" + multiplier + " jitter " + jitter);
    }
  }

  /** The wait before attempt number {@code attempts + 1}, given a random value in [0, 1). */
  public Duration backoff(int attempts, double random) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
    millis = Math.min(millis, maxBackoff.toMillis());
    return Duration.ofMillis((long) (millis * (1 - jitter * random)));
  }
}

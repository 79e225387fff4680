package io.watchkeeper.alerting.notify;

import java.time.Duration;

/**
 * A receiver's rate limit, applied to each of its integrations (each recipient) on its own: at most
 * {@code maxNotifications} deliveries per sliding {@code interval}. Deliveries over the limit wait
 * in the outbox until the window allows them, so nothing is lost, and a newer flush of the same
 * group replaces the waiting one. Configured as the Watchkeeper extension key {@code rate_limit} of
 * a receiver: {@code rate_limit: {max_notifications: 1, interval: 5m}} (the seeds' "at most one
 * SMS per 5 minutes per recipient").
 */
public record RateLimit(int maxNotifications, Duration interval) {
  public RateLimit {
    if (maxNotifications < 1) {
      throw new IllegalArgumentException("max_notifications must be >= 1, got " + maxNotifications);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
  }
}

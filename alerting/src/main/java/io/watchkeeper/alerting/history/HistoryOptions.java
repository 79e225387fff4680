package io.watchkeeper.alerting.history;

import java.time.Duration;

/**
 * How long history is kept and how often it is trimmed (Watchkeeper's {@code
 * notifications.alert_history}). Immutable.
 *
 * @param retention resolved alerts older than this are deleted with their timelines (default 30
 *     days)
 * @param cleanupInterval how often the retention is applied (default 1 hour)
 */
public record HistoryOptions(Duration retention, Duration cleanupInterval) {
  /** 30 days, trimmed hourly. */
  public static final HistoryOptions DEFAULTS = new HistoryOptions(Duration.ofDays(30), Duration.ofHours(1));

  public HistoryOptions {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("history retention must be > 0, got " + retention);
    }
    if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
      throw new IllegalArgumentException("history cleanup interval must be > 0, got " + cleanupInterval);
    }
  }
}

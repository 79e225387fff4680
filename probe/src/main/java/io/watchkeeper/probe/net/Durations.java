package io.watchkeeper.probe.net;

import java.time.Duration;

/** Short human forms of durations for messages: {@code 45ms}, {@code 1.2s}, {@code 5s}. Stateless. */
public final class Durations {
  private Durations() {}

  /** {@code 850ms}, {@code 1.25s}, {@code 10s}. */
  public static String format(Duration d) {
    return formatNanos(d.toNanos());
  }

  /** Like {@link #format(Duration)} for nanoseconds. */
  public static String formatNanos(long nanos) {
    long ms = Math.round(nanos / 1e6);
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    String s = String.format(java.util.Locale.ROOT, "%.2f", ms / 1000.0);
    while (s.endsWith("0")) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "s";
  }
}

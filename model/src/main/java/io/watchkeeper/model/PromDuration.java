package io.watchkeeper.model;

import java.time.Duration;

/**
 * Prometheus durations: one or more {@code <number><unit>} parts in decreasing unit order, units
 * {@code y w d h m s ms} ({@code 1h30m}, {@code 5m}, {@code 100ms}, {@code 1y}); a year is 365
 * days, a week 7 days. {@code 0} alone is allowed. Used by configuration and PromQL alike.
 */
public final class PromDuration {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private PromDuration() {}

  /**
   * Parses a duration in milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus' message ({@code not a valid duration string:
   *     "5x"}, {@code duration out of range})
   */
  public static long parseMillis(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int unitIndex = 0;
    int i = 0;
    while (i < s.length()) {
      int digitsStart = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == digitsStart) {
        throw invalid(s);
      }
      String digits = s.substring(digitsStart, i);
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      int u = unitIndex;
      while (u < UNITS.length && !UNITS[u].equals(unit)) {
        u++;
      }
      if (u == UNITS.length) {
        throw invalid(s);
      }
      unitIndex = u + 1;
      try {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[u]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range", e);
      }
    }
    // Go's time.Duration holds nanoseconds in an int64: stay within what Prometheus accepts.
    if (total > Long.MAX_VALUE / 1_000_000) {
      throw new IllegalArgumentException("duration out of range");
    }
    return total;
  }

  /** Parses a duration. */
  public static Duration parse(String s) {
    return Duration.ofMillis(parseMillis(s));
  }

  /** Formats as Prometheus does: largest units first, {@code 0s} for zero, e.g. {@code 1h30m}. */
  public static String format(Duration d) {
    return format(d.toMillis());
  }

  /**
   * Formats milliseconds as Prometheus does, e.g. {@code 1h30m}, {@code 90d}, {@code 0s}: years and
   * weeks only when they divide the duration exactly; negative durations get a leading minus.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    if (millis < 0) {
      return "-" + format(-millis);
    }
    StringBuilder sb = new StringBuilder();
    long ms = millis;
    for (int u = 0; u < UNITS.length; u++) {
      long mult = UNIT_MILLIS[u];
      if (u < 2 && ms % mult != 0) {
        continue;
      }
      long v = ms / mult;
      if (v > 0) {
        sb.append(v).append(UNITS[u]);
        ms -= v * mult;
      }
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String s) {
    StringBuilder sb = new StringBuilder("not a valid duration string: ");
    Labels.quote(sb, s);
    return new IllegalArgumentException(sb.toString());
  }
}

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
   * @throws IllegalArgumentException with a message naming the problem
   */
  public static long parseMillis(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (s.equals("0")) {
      return 0;
    }
    long total = 0;
    int i = 0;
    int lastUnit = -1;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        throw invalid(s);
      }
      long n;
      try {
        n = Long.parseLong(s, start, i, 10);
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
      int unit = -1;
      // "ms" must be tried before "m"
      if (s.startsWith("ms", i)) {
        unit = 6;
      } else if (i < s.length()) {
        String u = s.substring(i, i + 1);
        for (int k = 0; k < 6; k++) {
          if (UNITS[k].equals(u)) {
            unit = k;
          }
        }
      }
      if (unit < 0 || unit <= lastUnit) {
        throw invalid(s);
      }
      lastUnit = unit;
      i += UNITS[unit].length();
      try {
        total = Math.addExact(total, Math.multiplyExact(n, UNIT_MILLIS[unit]));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
      }
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

  /** Formats milliseconds as Prometheus does. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long rest = millis;
    if (rest < 0) {
      sb.append('-');
      rest = -rest;
    }
    for (int k = 0; k < UNITS.length; k++) {
      long n = rest / UNIT_MILLIS[k];
      if (n > 0) {
        sb.append(n).append(UNITS[k]);
        rest -= n * UNIT_MILLIS[k];
      }
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException(
        "not a valid duration string: \"" + s + "\" (use e.g. 15s, 5m, 1h30m, 100ms)");
  }
}

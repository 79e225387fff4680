package io.watchkeeper.query.parser;

/**
 * Prometheus durations ({@code model.Duration}): {@code 1y2w3d4h5m6s7ms}, units largest first,
 * each at most once, {@code y} = 365d; {@code 0} alone is also valid. Thread-safe.
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private Durations() {}

  /**
   * Milliseconds of a duration string.
   *
   * @throws IllegalArgumentException with Prometheus' message ({@code not a valid duration string:
   *     "5x"}, {@code duration out of range}) if it is not one
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
      long v;
      try {
        v = Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[u]);
        total = Math.addExact(total, v);
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range", e);
      }
    }
    // Go's time.Duration holds nanoseconds in an int64.
    if (total > Long.MAX_VALUE / 1_000_000) {
      throw new IllegalArgumentException("duration out of range");
    }
    return total;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoStrings.quote(s));
  }

  /**
   * Prometheus' notation for a non-negative duration, e.g. {@code 1h30m}, {@code 90d}, {@code 0s};
   * years and weeks only when they divide it exactly.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
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
}

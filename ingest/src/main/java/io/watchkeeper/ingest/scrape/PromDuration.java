package io.watchkeeper.ingest.scrape;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus writes them in labels such as {@code __scrape_interval__}: {@code 15s},
 * {@code 1m30s}, {@code 500ms}, {@code 1d} (Prometheus {@code model.Duration}).
 */
final class PromDuration {
  private static final Pattern SYNTAX =
      Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

  private PromDuration() {}

  /** Formats like Prometheus: years and weeks only when exact, {@code 0s} for zero. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < UNITS.length; i++) {
      long mult = UNIT_MILLIS[i];
      if (i < 2 && ms % mult != 0) {
        continue;
      }
      long v = ms / mult;
      if (v > 0) {
        sb.append(v).append(UNITS[i]);
        ms -= v * mult;
      }
    }
    return sb.toString();
  }

  /**
   * Parses {@code 1h30m} style durations.
   *
   * @throws IllegalArgumentException if {@code s} is not one
   */
  static Duration parse(String s) {
    Matcher m = SYNTAX.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long ms = 0;
    for (int i = 0; i < UNITS.length; i++) {
      String g = m.group(i + 1);
      if (g != null) {
        try {
          ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(g), UNIT_MILLIS[i]));
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("duration out of range: \"" + s + "\"", e);
        }
      }
    }
    return Duration.ofMillis(ms);
  }
}

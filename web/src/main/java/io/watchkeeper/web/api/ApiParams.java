package io.watchkeeper.web.api;

import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.query.ParseException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses API parameters as Prometheus' {@code web/api/v1} does, with its error messages: times
 * (unix seconds as a float, or RFC 3339), durations (float seconds, or {@code 1m30s}), limits and
 * {@code match[]} selectors. Thread-safe: stateless.
 */
final class ApiParams {
  /**
   * The earliest and latest times Prometheus uses for "unbounded" ({@code v1.MinTime}, {@code
   * v1.MaxTime}), in epoch milliseconds: what label and series lookups default to.
   */
  static final long MIN_TIME_MILLIS = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;

  static final long MAX_TIME_MILLIS = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

  /** {@link #MIN_TIME_MILLIS} and {@link #MAX_TIME_MILLIS} as Go formats them; clients send these. */
  private static final String MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";

  private static final String MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

  // What Go's strconv.ParseFloat accepts, short of hex floats and underscores.
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");

  // Seconds that still fit in int64 milliseconds.
  private static final double MAX_SECONDS = Long.MAX_VALUE / 1000.0;

  private ApiParams() {}

  /**
   * A timestamp in epoch milliseconds from unix seconds ({@code 1700000000.123}) or RFC 3339
   * ({@code 2026-01-02T13:37:00.5Z}); fractions below a millisecond are rounded as Prometheus
   * rounds them.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid timestamp}
   */
  static long parseTime(String s) {
    if (FLOAT.matcher(s).matches()) {
      double t = parseFloat(s);
      if (!Double.isFinite(t) || Math.abs(t) >= MAX_SECONDS) {
        throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid timestamp");
      }
      long seconds = (long) t; // toward zero, as Go's math.Modf
      double fraction = t - seconds;
      long millis = (long) Math.copySign(Math.floor(Math.abs(fraction) * 1000 + 0.5), fraction);
      return seconds * 1000 + millis;
    }
    if (s.equals(MIN_TIME_TEXT)) {
      return MIN_TIME_MILLIS;
    }
    if (s.equals(MAX_TIME_TEXT)) {
      return MAX_TIME_MILLIS;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid timestamp", e);
    }
  }

  /**
   * A time parameter, or {@code defaultMillis} when it is absent or empty.
   *
   * @throws ApiException {@code invalid parameter "time": Invalid time value for 'time': ...}, the
   *     double wording being Prometheus'
   */
  static long timeParam(Exchange ex, String name, long defaultMillis) throws ApiException {
    String value = ex.param(name);
    if (value.isEmpty()) {
      return defaultMillis;
    }
    try {
      return parseTime(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, "Invalid time value for '" + name + "': " + e.getMessage(), e);
    }
  }

  /** A required time parameter ({@code start} and {@code end} of a range query). */
  static long requiredTimeParam(Exchange ex, String name) throws ApiException {
    try {
      return parseTime(ex.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage(), e);
    }
  }

  /**
   * A duration in milliseconds from float seconds ({@code 15}, {@code 0.5}) or a Prometheus
   * duration ({@code 1m30s}); sub-millisecond parts are cut off, as the engine works in
   * milliseconds.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid duration}
   */
  static long parseDurationMillis(String s) {
    if (FLOAT.matcher(s).matches()) {
      double seconds = parseFloat(s);
      double nanos = seconds * 1e9;
      if (nanos >= 0x1p63 || nanos < -0x1p63) {
        throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration. It overflows int64");
      }
      if (Double.isNaN(nanos)) {
        throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration");
      }
      return (long) nanos / 1_000_000;
    }
    try {
      return PromDuration.parseMillis(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot parse \"" + s + "\" to a valid duration", e);
    }
  }

  /** A required duration parameter ({@code step}). */
  static long durationParam(Exchange ex, String name) throws ApiException {
    try {
      return parseDurationMillis(ex.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage(), e);
    }
  }

  /**
   * The {@code limit} parameter: 0 (no limit) when absent.
   *
   * @throws ApiException for a non-number or a negative number, worded as Prometheus (Go's {@code
   *     strconv.Atoi} messages)
   */
  static int limitParam(Exchange ex) throws ApiException {
    String s = ex.param("limit");
    if (s.isEmpty()) {
      return 0;
    }
    int limit;
    try {
      limit = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      String why = s.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      throw ApiException.invalidParam("limit", "strconv.Atoi: parsing \"" + s + "\": " + why, e);
    }
    if (limit < 0) {
      throw ApiException.invalidParam("limit", "limit must be non-negative", null);
    }
    return limit;
  }

  /**
   * Parses every {@code match[]} value; each must have a matcher that does not match the empty
   * string (else it would select every series).
   */
  static List<List<Matcher>> matchers(List<String> selectors, SelectorParser parser) throws ApiException {
    List<List<Matcher>> sets = new ArrayList<>(selectors.size());
    for (String selector : selectors) {
      List<Matcher> set;
      try {
        set = parser.parseMetricSelector(selector);
      } catch (ParseException e) {
        throw ApiException.invalidParam("match[]", e.getMessage(), e);
      }
      if (set.stream().allMatch(Matcher::matchesEmpty)) {
        throw ApiException.invalidParam("match[]", "match[] must contain at least one non-empty matcher", null);
      }
      sets.add(set);
    }
    return sets;
  }

  private static double parseFloat(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }
}

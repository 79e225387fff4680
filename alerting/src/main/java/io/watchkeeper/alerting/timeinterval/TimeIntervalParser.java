package io.watchkeeper.alerting.timeinterval;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Parses the strings of a {@code time_intervals} entry as Alertmanager reads them, with its error
 * messages: times {@code "09:00"}, weekday ranges {@code "monday:friday"}, day-of-month ranges
 * {@code "1:5"} or {@code "-3:-1"}, month ranges {@code "january:march"} or {@code "1:3"}, year
 * ranges {@code "2024:2025"}, and locations {@code "Europe/Berlin"} or {@code "Local"}. Stateless.
 */
public final class TimeIntervalParser {
  private static final List<String> WEEKDAYS =
      List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");
  private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");

  private TimeIntervalParser() {}

  /** Minutes after midnight of {@code HH:MM} (00:00 to 24:00). */
  public static int minuteOfDay(String s) {
    if (!s.matches("^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)")) {
      throw new IllegalArgumentException("couldn't parse timestamp " + s + ", invalid format");
    }
    return Integer.parseInt(s.substring(0, 2)) * 60 + Integer.parseInt(s.substring(3));
  }

  /** A time range from its start and end. */
  public static TimeRange timeRange(String start, String end) {
    return new TimeRange(minuteOfDay(start), minuteOfDay(end));
  }

  /** A weekday range; Sunday is 0. */
  public static InclusiveRange weekdays(String s) {
    String[] p = split(s);
    int b = named(p[0], WEEKDAYS, 0, "day");
    int e = named(p[1], WEEKDAYS, 0, "day");
    if (b > e) {
      throw new IllegalArgumentException("start day cannot be before end day");
    }
    return new InclusiveRange(b, e);
  }

  /** A day-of-month range, each end 1..31 or -31..-1. */
  public static InclusiveRange daysOfMonth(String s) {
    String[] p = split(s);
    int b = number(p[0], "day of month");
    int e = number(p[1], "day of month");
    for (int d : new int[] {b, e}) {
      if (d == 0 || d < -31 || d > 31) {
        throw new IllegalArgumentException(d + " is not a valid day of the month: out of range");
      }
    }
    if (b < 0 && e > 0) {
      throw new IllegalArgumentException("end day must be negative if start day is negative");
    }
    if ((b > 0 || e < 0) && b > e) {
      throw new IllegalArgumentException("end day must be greater than start day");
    }
    return new InclusiveRange(b, e);
  }

  /** A month range, 1..12, by name or number. */
  public static InclusiveRange months(String s) {
    String[] p = split(s);
    int b = named(p[0], MONTHS, 1, "month");
    int e = named(p[1], MONTHS, 1, "month");
    if (b > e) {
      throw new IllegalArgumentException("end month " + p[1] + " is before start month " + p[0]);
    }
    return new InclusiveRange(b, e);
  }

  /** A year range. */
  public static InclusiveRange years(String s) {
    String[] p = split(s);
    int b = number(p[0], "year");
    int e = number(p[1], "year");
    if (b > e) {
      throw new IllegalArgumentException("end year " + e + " is before start year " + b);
    }
    return new InclusiveRange(b, e);
  }

  /** A time zone; {@code Local} is the machine's. */
  public static ZoneId location(String s) {
    if (s.equals("Local")) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(s);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + s, e);
    }
  }

  private static String[] split(String s) {
    String t = s.strip();
    int colon = t.indexOf(':');
    if (colon < 0) {
      return new String[] {t, t};
    }
    if (t.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("invalid range " + s);
    }
    return new String[] {t.substring(0, colon), t.substring(colon + 1)};
  }

  private static int named(String s, List<String> names, int first, String what) {
    String lower = s.toLowerCase(Locale.ROOT);
    int i = names.indexOf(lower);
    if (i >= 0) {
      return i + first;
    }
    if (what.equals("month")) {
      int n = number(s, what);
      if (n >= 1 && n <= 12) {
        return n;
      }
    }
    throw new IllegalArgumentException(s + " is not a valid " + what);
  }

  private static int number(String s, String what) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(s + " is not a valid " + what, e);
    }
  }
}

package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.TemplateFunction.FunctionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' humanizing template functions ({@code humanize}, {@code humanize1024}, {@code
 * humanizeDuration}, {@code humanizePercentage}, {@code humanizeTimestamp}) with its exact output:
 * four significant digits ({@code %.4g}), SI or binary prefixes, {@code 1d 2h 3m 4s}. Stateless.
 */
final class Humanize {
  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Humanize() {}

  /** Go's {@code %.4g}, with {@code +Inf}, {@code -Inf} and {@code NaN}. */
  static String g4(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return GoFormat.formatFloat(v, 'g', 4);
  }

  /** Prometheus' {@code convertToFloat}: numbers, and strings that parse as Go floats. */
  static double toFloat(@Nullable Object v) throws FunctionException {
    return switch (v) {
      case Double d -> d;
      case Long l -> l;
      case String s -> parseGoFloat(s);
      case null -> throw new FunctionException("can't convert <nil> to float");
      default -> throw new FunctionException("can't convert " + GoFormat.typeName(v) + " to float");
    };
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}. */
  static double parseGoFloat(String s) throws FunctionException {
    String t = s;
    String lower = t.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean neg = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    boolean valid = unsigned.matches("([0-9](_?[0-9])*)?(\\.([0-9](_?[0-9])*)?)?(e[+-]?[0-9]+)?")
        && unsigned.matches(".*[0-9].*")
        || unsigned.matches("0x[0-9a-f_]*(\\.[0-9a-f_]*)?p[+-]?[0-9]+");
    if (!valid) {
      throw new FunctionException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
    }
    String clean = t.replace("_", "");
    double d = Double.parseDouble(clean);
    if (Double.isInfinite(d)) {
      throw new FunctionException("strconv.ParseFloat: parsing \"" + s + "\": value out of range");
    }
    return d;
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v) + prefix;
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix;
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v) + prefix;
  }

  static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    if (v == 0) {
      return g4(v) + "s";
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long d = (long) v;
      long seconds = d % 60;
      long minutes = (d / 60) % 60;
      long hours = (d / 60 / 60) % 24;
      long days = d / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v) + "s";
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v) + prefix + "s";
  }

  static String percentage(double v) {
    return g4(v * 100) + "%";
  }

  /** Go's {@code time.Time.String()} of the UTC time, at millisecond precision as Prometheus keeps it. */
  static String timestamp(double v) throws FunctionException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v);
    }
    double nanos = v * 1e9;
    if (nanos > 0x1p63 || nanos < -0x1p63) {
      throw new FunctionException(GoFormat.formatFloat(v, 'g', -1)
          + " cannot be represented as a nanoseconds timestamp since it overflows int64");
    }
    long millis = ((long) nanos) / 1_000_000; // Go's integer division truncates toward zero
    Instant t = Instant.ofEpochMilli(millis);
    StringBuilder sb = new StringBuilder(DATE_TIME.format(t));
    int ms = t.getNano() / 1_000_000;
    if (ms != 0) {
      String frac = String.format(Locale.ROOT, "%03d", ms);
      sb.append('.').append(frac.replaceAll("0+$", ""));
    }
    return sb.append(" +0000 UTC").toString();
  }
}

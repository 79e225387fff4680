package io.watchkeeper.web.api;

/**
 * Formats floats and timestamps byte for byte as Prometheus does, so that clients comparing
 * strings (and golden files) see the same text. Prometheus formats with Go's {@code strconv}: the
 * shortest decimal that reads back as the same double, laid out in {@code 'f'}, {@code 'e'} or
 * {@code 'g'} style. Java's {@link Double#toString(double)} yields the same shortest digits (JDK
 * 19+), only laid out differently, so we take its digits and lay them out as Go does.
 *
 * <p>Thread-safe: stateless.
 */
final class FloatFormat {
  private FloatFormat() {}

  /**
   * A sample value as the query API writes it inside a JSON string (Prometheus {@code
   * jsonutil.MarshalFloat}): {@code 'f'} style, {@code 'e'} style below 1e-6 or from 1e21; {@code
   * NaN}, {@code +Inf}, {@code -Inf}.
   */
  static String sampleValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    double abs = Math.abs(v);
    boolean exponent = abs != 0 && (abs < 1e-6 || abs >= 1e21);
    StringBuilder sb = new StringBuilder(24);
    Decimal d = Decimal.of(v);
    return (exponent ? d.appendE(sb) : d.appendF(sb)).toString();
  }

  /**
   * A finite float as Go's {@code encoding/json} writes a number (e.g. {@code
   * lastScrapeDuration}): like {@link #sampleValue} but exponents lose a leading zero ({@code
   * 1e-7}). Non-finite values, which Go refuses to encode, are written as 0.
   */
  static String jsonNumber(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    String s = sampleValue(v);
    int n = s.length();
    if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
      return s.substring(0, n - 2) + s.charAt(n - 1);
    }
    return s;
  }

  /**
   * An alert's value as {@code /api/v1/alerts} and {@code /api/v1/rules} write it (Prometheus
   * {@code strconv.FormatFloat(v, 'e', -1, 64)}): always {@code 'e'} style with the shortest
   * digits, e.g. {@code 1e+00}, {@code 2.5e-01}, {@code -0e+00}; {@code NaN}, {@code +Inf}, {@code
   * -Inf}.
   */
  static String alertValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Decimal.of(v).appendE(new StringBuilder(24)).toString();
  }

  /**
   * A value as the text exposition format writes it (client_golang {@code expfmt.writeFloat}: Go
   * {@code 'g'} with shortest precision): {@code 1e+06}, {@code 123456}, {@code 0.0001}, {@code
   * 1e-05}, {@code 0} for both zeros.
   */
  static String exposition(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    Decimal d = Decimal.of(v);
    int exp = d.point - 1;
    StringBuilder sb = new StringBuilder(24);
    return (exp < -4 || exp >= 6 ? d.appendE(sb) : d.appendF(sb)).toString();
  }

  /**
   * A timestamp in epoch milliseconds as float seconds, the way Prometheus writes them (Prometheus
   * {@code jsonutil.MarshalTimestamp}): {@code 1700000000}, or with exactly three decimals when
   * there is a fraction: {@code 1700000000.100}, {@code 1700000000.005}.
   */
  static String timestamp(long millis) {
    StringBuilder sb = new StringBuilder(20);
    long t = millis;
    if (t < 0) {
      sb.append('-');
      t = -t; // Long.MIN_VALUE cannot occur: it is far outside any time Prometheus can parse
    }
    sb.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      sb.append('.');
      if (fraction < 100) {
        sb.append('0');
      }
      if (fraction < 10) {
        sb.append('0');
      }
      sb.append(fraction);
    }
    return sb.toString();
  }

  /**
   * A finite non-NaN double as decimal digits: value = 0.{@code digits} × 10^{@code point}, with
   * no leading or trailing zeros in {@code digits} ({@code "0"} for zero), like Go's {@code
   * decimalSlice}.
   */
  private record Decimal(boolean negative, String digits, int point) {
    static Decimal of(double v) {
      boolean negative = (Double.doubleToRawLongBits(v) & Long.MIN_VALUE) != 0;
      String s = Double.toString(Math.abs(v)); // "123.45", "0.001", "1.0E-5", "1.2345E10"
      int e = s.indexOf('E');
      int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
      String mantissa = e < 0 ? s : s.substring(0, e);
      int dot = mantissa.indexOf('.');
      String all = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
      int point = dot + exp;
      int from = 0;
      while (from < all.length() - 1 && all.charAt(from) == '0') {
        from++;
      }
      int to = all.length();
      while (to > from + 1 && all.charAt(to - 1) == '0') {
        to--;
      }
      String digits = all.substring(from, to);
      if (digits.equals("0")) {
        return new Decimal(negative, digits, 0);
      }
      Decimal d = new Decimal(negative, digits, point - from);
      return digits.length() == 2 ? d.shortenedIfExact(Math.abs(v)) : d;
    }

    /**
     * Java prints at least two significant digits where one would read back the same (only
     * possible among subnormals: {@code 4.9E-324} for Go's {@code 5e-324}); takes the one digit
     * when it does.
     */
    private Decimal shortenedIfExact(double abs) {
      int rounded = (digits.charAt(0) - '0') + (digits.charAt(1) >= '5' ? 1 : 0);
      Decimal one = rounded == 10 ? new Decimal(negative, "1", point + 1) : new Decimal(negative, Integer.toString(rounded), point);
      String text = "0." + one.digits + "E" + one.point;
      return Double.parseDouble(text) == abs ? one : this;
    }

    /** Go {@code fmtF} with the shortest precision. */
    StringBuilder appendF(StringBuilder sb) {
      if (negative) {
        sb.append('-');
      }
      int nd = digits.equals("0") ? 0 : digits.length();
      if (point > 0) {
        int m = Math.min(nd, point);
        sb.append(digits, 0, m);
        for (int i = m; i < point; i++) {
          sb.append('0');
        }
      } else {
        sb.append('0');
      }
      int precision = Math.max(nd - point, 0);
      if (precision > 0) {
        sb.append('.');
        for (int i = 1; i <= precision; i++) {
          int j = point + i - 1;
          sb.append(j >= 0 && j < nd ? digits.charAt(j) : '0');
        }
      }
      return sb;
    }

    /** Go {@code fmtE} with the shortest precision: at least two exponent digits. */
    StringBuilder appendE(StringBuilder sb) {
      if (negative) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = digits.equals("0") ? 0 : point - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs);
    }
  }
}

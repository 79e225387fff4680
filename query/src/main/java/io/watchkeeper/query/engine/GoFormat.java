package io.watchkeeper.query.engine;

import java.util.Locale;

/** Numbers in label values read as Prometheus (Go) reads them; printing is {@link io.watchkeeper.model.GoFloat}. */
final class GoFormat {
  private GoFormat() {}

  /**
   * Go's {@code strconv.ParseFloat(s, 64)} for the forms label values carry: decimals, exponents,
   * {@code Inf}/{@code +Inf}/{@code -Inf}/{@code NaN} in any case, hexadecimal floats.
   *
   * @throws NumberFormatException if {@code s} is none of these
   */
  static double parseFloat(String s) {
    String t = s.strip();
    if (!t.equals(s) || t.isEmpty()) {
      throw new NumberFormatException("not a number: " + s);
    }
    String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    String lower = body.toLowerCase(Locale.ROOT);
    boolean negative = t.startsWith("-");
    if (lower.equals("inf") || lower.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (lower.startsWith("0x")) {
      String hex = lower.contains("p") ? body : body + "p0";
      return Double.parseDouble((negative ? "-" : "") + hex);
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != '+' && c != '-' && c != '_') {
        throw new NumberFormatException("not a number: " + s);
      }
    }
    return Double.parseDouble(t.replace("_", ""));
  }
}

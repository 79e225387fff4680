package io.watchkeeper.model;

import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Numbers printed as Go prints them, for the places where Prometheus' output is the contract:
 * label values made from numbers, error messages, printed expressions, rule unit-test output,
 * native-histogram text. {@code NaN}, {@code +Inf} and {@code -Inf} in every form. Shortest digits
 * are Java's {@link Double#toString(double)} digits (the shortest that round-trip, as Go's).
 *
 * <p>The text templates' {@code printf} has its own, complete verb engine
 * ({@code rules/template/GoFormat}); this class is the handful of fixed forms everything else uses.
 */
public final class GoFloat {
  private GoFloat() {}

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent ({@code 1e+06} is {@code 1000000}). */
  public static String formatF(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** {@code fmt.Sprintf("%f", v)}: six decimals. */
  public static String fixed6(double v) {
    return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : String.format(Locale.ROOT, "%f", v);
  }

  /** {@code strconv.FormatFloat(v, 'E', -1, 64)}: shortest digits, {@code 1.5E+00}. */
  public static String formatE(double v) {
    if (v == 0) {
      return (isNegativeZero(v) ? "-" : "") + "0E+00";
    }
    String special = special(v);
    if (special != null) {
      return special;
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    return (v < 0 ? "-" : "") + mantissa(digits) + "E" + exponent(digits.length() - 1 - d.scale());
  }

  /**
   * {@code %g} and {@code %v} (shortest digits): plain decimal for decimal exponents −4…5, else
   * {@code d.ddde±XX}.
   */
  public static String formatG(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale();
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      return sign + mantissa(digits) + "e" + exponent(exp);
    }
    return sign + d.toPlainString();
  }

  /** {@code NaN}, {@code ±Inf} and {@code ±0} as Go writes them in every form, else null. */
  private static @Nullable String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return isNegativeZero(v) ? "-0" : "0";
    }
    return null;
  }

  private static boolean isNegativeZero(double v) {
    return Double.doubleToRawLongBits(v) < 0;
  }

  /** {@code d.ddd} from the significant digits. */
  private static String mantissa(String digits) {
    return digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
  }

  /** A sign and at least two digits, as Go writes exponents. */
  private static String exponent(int exp) {
    int e = Math.abs(exp);
    return (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
  }
}

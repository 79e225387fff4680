package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.GoValue.GoMap;
import io.watchkeeper.rules.template.GoValue.GoStruct;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's {@code fmt} and {@code strconv} formatting of template values, so that {@code {{ $value
 * }}}, {@code print} and {@code printf "%.2f"} produce the text Prometheus produces: floats in
 * shortest form with Go's exponent rules ({@code 1e+06}), correctly rounded fixed precision
 * (round-half-even on the exact binary value), {@code %!d(string=x)} for mismatched verbs, maps as
 * {@code map[k:v]}. Stateless and thread-safe.
 */
final class GoFormat {
  private GoFormat() {}

  // --- type names and printing of values ---------------------------------------------------

  /** The Go type name of a template value. */
  static String typeName(@Nullable Object v) {
    return switch (v) {
      case null -> "<nil>";
      case String s -> "string";
      case Long l -> "int";
      case Double d -> "float64";
      case Boolean b -> "bool";
      case List<?> l -> "[]interface {}";
      case GoValue g -> g.goTypeName();
      default -> v.getClass().getSimpleName();
    };
  }

  /** {@code fmt.Sprint}: operands printed with %v, a space between two operands that are not strings. */
  static String sprint(List<@Nullable Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
        sb.append(' ');
      }
      formatValue(sb, a, 'v', Flags.NONE);
    }
    return sb.toString();
  }

  /** {@code fmt.Sprintln}: operands with %v separated by spaces, then a newline. */
  static String sprintln(List<@Nullable Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      formatValue(sb, args.get(i), 'v', Flags.NONE);
    }
    return sb.append('\n').toString();
  }

  /** A value as a template action prints it: nil is {@code <no value>}, the rest as {@code fmt.Fprint}. */
  static String printValue(@Nullable Object v) {
    if (v == null) {
      return "<no value>";
    }
    StringBuilder sb = new StringBuilder();
    formatValue(sb, v, 'v', Flags.NONE);
    return sb.toString();
  }

  // --- printf ------------------------------------------------------------------------------

  /** Formatting flags and sizes of one verb. */
  private record Flags(boolean minus, boolean plus, boolean sharp, boolean space, boolean zero, int width, int prec) {
    static final Flags NONE = new Flags(false, false, false, false, false, -1, -1);
  }

  /** {@code fmt.Sprintf}. */
  static String sprintf(String format, List<@Nullable Object> args) {
    StringBuilder sb = new StringBuilder();
    int argIndex = 0;
    int i = 0;
    int n = format.length();
    while (i < n) {
      char c = format.charAt(i);
      if (c != '%') {
        sb.append(c);
        i++;
        continue;
      }
      i++;
      boolean minus = false;
      boolean plus = false;
      boolean sharp = false;
      boolean space = false;
      boolean zero = false;
      flags:
      while (i < n) {
        switch (format.charAt(i)) {
          case '-' -> minus = true;
          case '+' -> plus = true;
          case '#' -> sharp = true;
          case ' ' -> space = true;
          case '0' -> zero = !minus;
          default -> {
            break flags;
          }
        }
        i++;
      }
      int width = -1;
      if (i < n && format.charAt(i) == '*') {
        i++;
        Object w = argIndex < args.size() ? args.get(argIndex++) : null;
        if (w instanceof Long l) {
          width = (int) Math.abs(l);
          minus |= l < 0;
        } else {
          sb.append("%!(BADWIDTH)");
        }
      } else {
        int start = i;
        while (i < n && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          width = Integer.parseInt(format.substring(start, i));
        }
      }
      int prec = -1;
      if (i < n && format.charAt(i) == '.') {
        i++;
        if (i < n && format.charAt(i) == '*') {
          i++;
          Object p = argIndex < args.size() ? args.get(argIndex++) : null;
          if (p instanceof Long l && l >= 0) {
            prec = l.intValue();
          } else {
            sb.append("%!(BADPREC)");
          }
        } else {
          int start = i;
          while (i < n && Character.isDigit(format.charAt(i))) {
            i++;
          }
          prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
        }
      }
      if (i >= n) {
        sb.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        sb.append('%');
        continue;
      }
      if (argIndex >= args.size()) {
        sb.append("%!").appendCodePoint(verb).append("(MISSING)");
        continue;
      }
      Flags f = new Flags(minus, plus, sharp, space, zero && !minus, width, prec);
      formatValue(sb, args.get(argIndex++), verb, f);
    }
    if (argIndex < args.size()) {
      sb.append("%!(EXTRA ");
      for (int k = argIndex; k < args.size(); k++) {
        if (k > argIndex) {
          sb.append(", ");
        }
        Object a = args.get(k);
        sb.append(typeName(a));
        if (a != null) {
          sb.append('=');
          formatValue(sb, a, 'v', Flags.NONE);
        }
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static void formatValue(StringBuilder sb, @Nullable Object v, int verb, Flags f) {
    if (verb == 'T') {
      pad(sb, typeName(v), f);
      return;
    }
    switch (v) {
      case null -> {
        if (verb == 'v' || verb == 's') {
          pad(sb, "<nil>", f);
        } else {
          sb.append("%!").appendCodePoint(verb).append("(<nil>)");
        }
      }
      case String s -> formatString(sb, s, verb, f);
      case GoValue.SafeHtml h -> formatString(sb, h.text(), verb, f);
      case Long l -> formatInteger(sb, l, verb, f);
      case Double d -> formatFloat(sb, d, verb, f);
      case Boolean b -> {
        if (verb == 'v' || verb == 't') {
          pad(sb, b.toString(), f);
        } else {
          badVerb(sb, verb, v);
        }
      }
      case List<?> list -> {
        sb.append('[');
        for (int k = 0; k < list.size(); k++) {
          if (k > 0) {
            sb.append(' ');
          }
          formatValue(sb, list.get(k), verb, f);
        }
        sb.append(']');
      }
      case GoMap m -> {
        sb.append("map[");
        boolean first = true;
        for (Map.Entry<String, @Nullable Object> e : m.entries().entrySet()) {
          if (!first) {
            sb.append(' ');
          }
          first = false;
          formatValue(sb, e.getKey(), verb, f);
          sb.append(':');
          formatValue(sb, e.getValue(), verb, f);
        }
        sb.append(']');
      }
      case GoStruct s -> {
        if (s.isPointer()) {
          sb.append('&');
        }
        sb.append('{');
        List<@Nullable Object> fields = s.fieldValues();
        for (int k = 0; k < fields.size(); k++) {
          if (k > 0) {
            sb.append(' ');
          }
          formatValue(sb, fields.get(k), verb, f);
        }
        sb.append('}');
      }
      default -> pad(sb, v.toString(), f);
    }
  }

  private static void badVerb(StringBuilder sb, int verb, @Nullable Object v) {
    sb.append("%!").appendCodePoint(verb).append('(').append(typeName(v));
    if (v != null) {
      sb.append('=');
      formatValue(sb, v, 'v', Flags.NONE);
    }
    sb.append(')');
  }

  private static void pad(StringBuilder sb, String s, Flags f) {
    int len = s.codePointCount(0, s.length());
    if (f.width() <= len) {
      sb.append(s);
      return;
    }
    String padding = " ".repeat(f.width() - len);
    if (f.minus()) {
      sb.append(s).append(padding);
    } else {
      sb.append(padding).append(s);
    }
  }

  /** Pads a number: zero padding goes after the sign. */
  private static void padNumber(StringBuilder sb, String s, Flags f) {
    if (!f.zero() || f.width() <= s.length()) {
      pad(sb, s, f);
      return;
    }
    int signLen = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+' || s.charAt(0) == ' ') ? 1 : 0;
    sb.append(s, 0, signLen).append("0".repeat(f.width() - s.length())).append(s, signLen, s.length());
  }

  private static void formatString(StringBuilder sb, String s, int verb, Flags f) {
    String t = s;
    switch (verb) {
      case 'v', 's' -> {
        if (f.prec() >= 0 && t.codePointCount(0, t.length()) > f.prec()) {
          t = t.substring(0, t.offsetByCodePoints(0, f.prec()));
        }
        pad(sb, t, f);
      }
      case 'q' -> {
        StringBuilder q = new StringBuilder();
        if (f.sharp() && t.indexOf('`') < 0) {
          q.append('`').append(t).append('`');
        } else {
          quote(q, t, f.plus());
        }
        pad(sb, q.toString(), f);
      }
      case 'x', 'X' -> {
        StringBuilder h = new StringBuilder();
        byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < bytes.length; k++) {
          if (f.space() && k > 0) {
            h.append(' ');
          }
          if (f.sharp() && (k == 0 || f.space())) {
            h.append(verb == 'x' ? "0x" : "0X");
          }
          String hx = String.format(Locale.ROOT, "%02x", bytes[k] & 0xff);
          h.append(verb == 'X' ? hx.toUpperCase(Locale.ROOT) : hx);
        }
        pad(sb, h.toString(), f);
      }
      default -> badVerb(sb, verb, s);
    }
  }

  private static void formatInteger(StringBuilder sb, long v, int verb, Flags f) {
    String digits;
    String prefix = "";
    switch (verb) {
      case 'v', 'd' -> digits = Long.toString(Math.abs(v));
      case 'b' -> digits = Long.toBinaryString(Math.abs(v));
      case 'o', 'O' -> {
        digits = Long.toOctalString(Math.abs(v));
        prefix = verb == 'O' ? "0o" : f.sharp() ? "0" : "";
      }
      case 'x' -> {
        digits = Long.toHexString(Math.abs(v));
        prefix = f.sharp() ? "0x" : "";
      }
      case 'X' -> {
        digits = Long.toHexString(Math.abs(v)).toUpperCase(Locale.ROOT);
        prefix = f.sharp() ? "0X" : "";
      }
      case 'c' -> {
        pad(sb, Character.isValidCodePoint((int) v) ? new String(Character.toChars((int) v)) : "\ufffd", f);
        return;
      }
      case 'q' -> {
        StringBuilder q = new StringBuilder();
        quoteRune(q, (int) v);
        pad(sb, q.toString(), f);
        return;
      }
      case 'U' -> {
        String u = String.format(Locale.ROOT, "U+%04X", v);
        if (f.sharp() && Character.isValidCodePoint((int) v) && isPrintable((int) v)) {
          u += " '" + new String(Character.toChars((int) v)) + "'";
        }
        pad(sb, u, f);
        return;
      }
      case 'e', 'E', 'f', 'F', 'g', 'G' -> {
        badVerb(sb, verb, v);
        return;
      }
      default -> {
        badVerb(sb, verb, v);
        return;
      }
    }
    if (v == Long.MIN_VALUE) {
      digits = switch (verb) {
        case 'b' -> "1" + "0".repeat(63);
        case 'o', 'O' -> "1000000000000000000000";
        case 'x' -> "8000000000000000";
        case 'X' -> "8000000000000000";
        default -> "9223372036854775808";
      };
    }
    if (f.prec() >= 0) {
      if (f.prec() == 0 && v == 0) {
        digits = "";
      } else if (digits.length() < f.prec()) {
        digits = "0".repeat(f.prec() - digits.length()) + digits;
      }
    }
    String sign = v < 0 ? "-" : f.plus() ? "+" : f.space() ? " " : "";
    String s = sign + prefix + digits;
    if (f.prec() >= 0) {
      pad(sb, s, f);
    } else {
      padNumber(sb, s, f);
    }
  }

  private static void formatFloat(StringBuilder sb, double v, int verb, Flags f) {
    char fmt;
    int prec = f.prec();
    switch (verb) {
      case 'v' -> fmt = 'g';
      case 'g', 'G' -> fmt = (char) verb;
      case 'e', 'E', 'f', 'F' -> {
        fmt = verb == 'F' ? 'f' : (char) verb;
        prec = prec < 0 ? 6 : prec;
      }
      default -> {
        badVerb(sb, verb, v);
        return;
      }
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      String s = Double.isNaN(v) ? (f.plus() ? "+NaN" : f.space() ? " NaN" : "NaN")
          : v > 0 ? (f.plus() ? "+Inf" : f.space() ? " Inf" : "+Inf") : "-Inf";
      pad(sb, s, f);
      return;
    }
    String num = formatFloat(v, fmt, prec);
    if (f.sharp() && fmt != 'b') {
      num = sharpFloat(num, fmt, prec);
    }
    if (!num.startsWith("-")) {
      num = (f.plus() ? "+" : f.space() ? " " : "") + num;
    }
    padNumber(sb, num, f);
  }

  /** The {@code #} flag: always a decimal point; for %g keep trailing zeros. */
  private static String sharpFloat(String num, char fmt, int prec) {
    int e = Math.max(num.indexOf('e'), num.indexOf('E'));
    String mant = e < 0 ? num : num.substring(0, e);
    String tail = e < 0 ? "" : num.substring(e);
    if (mant.indexOf('.') < 0) {
      mant += ".";
    }
    if (fmt == 'g' || fmt == 'G') {
      int p = prec < 0 ? 6 : prec == 0 ? 1 : prec;
      int digits = 0;
      boolean leading = true;
      for (char ch : mant.toCharArray()) {
        if (Character.isDigit(ch)) {
          if (ch != '0' || !leading) {
            leading = false;
            digits++;
          }
        }
      }
      if (leading) {
        digits = 1;
      }
      mant += "0".repeat(Math.max(0, p - digits));
    }
    return mant + tail;
  }

  // --- strconv.FormatFloat -----------------------------------------------------------------

  /** Decimal digits {@code d} with the decimal point {@code dp} places from their left (Go's decimalSlice). */
  private record Digits(String d, int dp) {
    int nd() {
      return d.length();
    }
  }

  /** Shortest digits that read back as {@code abs} (a finite, non-negative double). */
  private static Digits shortest(double abs) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    // Since JDK 19 Double.toString yields the shortest decimal that rounds to the double.
    return digitsOf(new BigDecimal(Double.toString(abs)));
  }

  private static Digits digitsOf(BigDecimal b) {
    if (b.signum() == 0) {
      return new Digits("", 0);
    }
    BigDecimal s = b.stripTrailingZeros();
    String digits = s.unscaledValue().abs().toString();
    return new Digits(digits, digits.length() - s.scale());
  }

  /** Rounds the exact value of {@code abs} to {@code n} significant digits, half to even. */
  private static Digits significant(double abs, int n) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    return digitsOf(new BigDecimal(abs).round(new MathContext(n, RoundingMode.HALF_EVEN)));
  }

  /** Rounds the exact value of {@code abs} to {@code places} decimals, half to even. */
  private static Digits fixed(double abs, int places) {
    return digitsOf(new BigDecimal(abs).setScale(places, RoundingMode.HALF_EVEN));
  }

  /**
   * {@code strconv.FormatFloat(v, fmt, prec, 64)} for finite {@code v}: fmt one of {@code e E f g
   * G}, {@code prec < 0} for the shortest representation.
   */
  static String formatFloat(double v, char fmt, int prec) {
    boolean neg = v < 0 || (v == 0 && 1 / v < 0);
    double abs = Math.abs(v);
    char lower = Character.toLowerCase(fmt);
    Digits digs;
    boolean shortest = prec < 0;
    if (shortest) {
      digs = shortest(abs);
      prec = switch (lower) {
        case 'e' -> Math.max(digs.nd() - 1, 0);
        case 'f' -> Math.max(digs.nd() - digs.dp(), 0);
        default -> digs.nd();
      };
    } else {
      digs = switch (lower) {
        case 'e' -> significant(abs, prec + 1);
        case 'f' -> fixed(abs, prec);
        default -> significant(abs, prec == 0 ? 1 : prec);
      };
      if (lower == 'g' && prec == 0) {
        prec = 1;
      }
    }
    StringBuilder sb = new StringBuilder();
    if (neg) {
      sb.append('-');
    }
    switch (lower) {
      case 'e' -> fmtE(sb, digs, prec, fmt == 'E' ? 'E' : 'e');
      case 'f' -> fmtF(sb, digs, prec);
      default -> {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp()) {
          eprec = digs.nd();
        }
        if (shortest) {
          eprec = 6;
        }
        int exp = digs.dp() - 1;
        if (exp < -4 || exp >= eprec) {
          int p = Math.min(prec, Math.max(digs.nd(), 1));
          fmtE(sb, digs, p - 1, fmt == 'G' ? 'E' : 'e');
        } else {
          int p = prec > digs.dp() ? digs.nd() : prec;
          fmtF(sb, digs, Math.max(p - digs.dp(), 0));
        }
      }
    }
    return sb.toString();
  }

  private static void fmtE(StringBuilder sb, Digits digs, int prec, char e) {
    sb.append(digs.nd() == 0 ? '0' : digs.d().charAt(0));
    if (prec > 0) {
      sb.append('.');
      int i = 1;
      int m = Math.min(digs.nd(), prec + 1);
      if (i < m) {
        sb.append(digs.d(), i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        sb.append('0');
      }
    }
    sb.append(e);
    int exp = digs.nd() == 0 ? 0 : digs.dp() - 1;
    sb.append(exp < 0 ? '-' : '+');
    exp = Math.abs(exp);
    if (exp < 10) {
      sb.append('0');
    }
    sb.append(exp);
  }

  private static void fmtF(StringBuilder sb, Digits digs, int prec) {
    if (digs.dp() > 0) {
      int m = Math.min(digs.nd(), digs.dp());
      sb.append(digs.d(), 0, m);
      for (; m < digs.dp(); m++) {
        sb.append('0');
      }
    } else {
      sb.append('0');
    }
    if (prec > 0) {
      sb.append('.');
      for (int i = 0; i < prec; i++) {
        int j = digs.dp() + i;
        sb.append(j >= 0 && j < digs.nd() ? digs.d().charAt(j) : '0');
      }
    }
  }

  // --- quoting -----------------------------------------------------------------------------

  /** {@code strconv.Quote} (or {@code QuoteToASCII} when {@code ascii}). */
  static void quote(StringBuilder sb, String s, boolean ascii) {
    sb.append('"');
    s.codePoints().forEach(cp -> appendEscaped(sb, cp, '"', ascii));
    sb.append('"');
  }

  private static void quoteRune(StringBuilder sb, int cp) {
    sb.append('\'');
    appendEscaped(sb, Character.isValidCodePoint(cp) ? cp : 0xFFFD, '\'', false);
    sb.append('\'');
  }

  private static void appendEscaped(StringBuilder sb, int cp, char quote, boolean ascii) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (ascii ? cp < 0x80 && isPrintable(cp) : isPrintable(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7f) {
          sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
        } else if (cp < 0x10000) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
        } else {
          sb.append(String.format(Locale.ROOT, "\\U%08x", cp));
        }
      }
    }
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /** {@code fmt}'s {@code %#U}: {@code U+00A0} or {@code U+0041 'A'}. */
  static String unicodeName(int cp) {
    String s = String.format(Locale.ROOT, "U+%04X", cp);
    return isPrintable(cp) ? s + " '" + new String(Character.toChars(cp)) + "'" : s;
  }
}

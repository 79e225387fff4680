package io.watchkeeper.rules.unittest;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' series notation as test files use it: a metric ({@code name{l="v", ...}}, {@code
 * {l="v"}}, {@code {}}; names may be quoted) and an expanding value sequence: numbers, {@code _}
 * (no sample), {@code _xN} (N omitted), {@code stale}, {@code axN} (N+1 copies), {@code a+bxN} and
 * {@code a-bxN} (N+1 values stepping by b, accumulated in float64 as Prometheus does). Native
 * histograms ({@code {{...}}}) are recognised and rejected: storage holds floats only. Stateless.
 */
public final class SeriesNotation {
  private static final String NUM = "(?:[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[iI][nN][fF]|[nN][aA][nN]))";
  private static final Pattern EXPANDING =
      Pattern.compile("^(" + NUM + ")([+-])(" + NUM.replace("[+-]?", "") + ")x(\\d+)$");
  private static final Pattern REPEAT = Pattern.compile("^(" + NUM + ")x(\\d+)$");
  private static final Pattern OMIT = Pattern.compile("^_(?:x(\\d+))?$");
  private static final Pattern NUMBER = Pattern.compile("^" + NUM + "$");

  private SeriesNotation() {}

  /** A malformed series or value sequence. */
  public static final class SyntaxException extends Exception {
    public SyntaxException(String message) {
      super(message);
    }
  }

  /**
   * The labels of a metric in series notation; the empty string is the empty label set.
   *
   * @throws SyntaxException when it is malformed
   */
  public static Labels parseMetric(String input) throws SyntaxException {
    String s = input.strip();
    Labels.Builder b = Labels.builder();
    int i = 0;
    if (s.isEmpty()) {
      return Labels.EMPTY;
    }
    int start = i;
    while (i < s.length() && isNameChar(s.charAt(i), i == start)) {
      i++;
    }
    if (i > start) {
      b.set(Labels.METRIC_NAME, s.substring(start, i));
    }
    if (i == s.length()) {
      return b.build();
    }
    if (s.charAt(i) != '{') {
      throw error(input, i, "unexpected character " + quoteChar(s.charAt(i)));
    }
    i = parseLabels(input, s, i + 1, b);
    if (i != s.length()) {
      throw error(input, i, "unexpected " + quoteChar(s.charAt(i)) + " after the labels");
    }
    return b.build();
  }

  private static int parseLabels(String input, String s, int pos, Labels.Builder b) throws SyntaxException {
    int i = pos;
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (true) {
      i = skipSpace(s, i);
      if (i >= s.length()) {
        throw error(input, i, "unexpected end of input inside braces");
      }
      if (s.charAt(i) == '}') {
        return i + 1;
      }
      String name;
      if (s.charAt(i) == '"' || s.charAt(i) == '\'' || s.charAt(i) == '`') {
        int[] p = {i};
        name = unquote(input, s, p);
        i = skipSpace(s, p[0]);
        if (i < s.length() && s.charAt(i) != '=') {
          b.set(Labels.METRIC_NAME, name);
          i = afterItem(input, s, i);
          continue;
        }
      } else {
        int ns = i;
        while (i < s.length() && isNameChar(s.charAt(i), i == ns) && s.charAt(i) != ':') {
          i++;
        }
        if (i == ns) {
          throw error(input, i, "expected a label name, got " + quoteChar(s.charAt(i)));
        }
        name = s.substring(ns, i);
        i = skipSpace(s, i);
      }
      if (i >= s.length() || s.charAt(i) != '=') {
        throw error(input, i, "expected \"=\" after label name " + name);
      }
      i = skipSpace(s, i + 1);
      if (i >= s.length()) {
        throw error(input, i, "unexpected end of input, expected a label value");
      }
      int[] p = {i};
      String value = unquote(input, s, p);
      if (!seen.add(name)) {
        throw error(input, i, "duplicate label name " + name);
      }
      b.set(name, value);
      i = afterItem(input, s, skipSpace(s, p[0]));
    }
  }

  private static int afterItem(String input, String s, int i) throws SyntaxException {
    if (i < s.length() && s.charAt(i) == ',') {
      return i + 1;
    }
    if (i < s.length() && s.charAt(i) == '}') {
      return i;
    }
    throw error(input, i, i >= s.length() ? "unexpected end of input inside braces"
        : "unexpected " + quoteChar(s.charAt(i)) + " inside braces");
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String quoteChar(char c) {
    return "\"" + c + "\"";
  }

  private static SyntaxException error(String input, int pos, String message) {
    return new SyntaxException("1:" + (pos + 1) + ": parse error: " + message + " in series \"" + input + "\"");
  }

  /** Unquotes a Go string starting at {@code p[0]} ({@code "…"}, {@code '…'} or {@code `…`}). */
  private static String unquote(String input, String s, int[] p) throws SyntaxException {
    int i = p[0];
    char q = s.charAt(i);
    if (q != '"' && q != '\'' && q != '`') {
      throw error(input, i, "expected a quoted label value");
    }
    StringBuilder out = new StringBuilder();
    i++;
    while (true) {
      if (i >= s.length()) {
        throw error(input, i, "unterminated quoted string");
      }
      char c = s.charAt(i);
      if (c == q) {
        p[0] = i + 1;
        return out.toString();
      }
      if (c == '\\' && q != '`') {
        if (i + 1 >= s.length()) {
          throw error(input, i, "unterminated quoted string");
        }
        char e = s.charAt(i + 1);
        i += 2;
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '\\', '"', '\'' -> out.append(e);
          case 'x' -> {
            out.append((char) Integer.parseInt(s.substring(i, Math.min(i + 2, s.length())), 16));
            i += 2;
          }
          case 'u' -> {
            out.append((char) Integer.parseInt(s.substring(i, Math.min(i + 4, s.length())), 16));
            i += 4;
          }
          default -> throw error(input, i - 2, "unknown escape sequence \\" + e);
        }
        continue;
      }
      out.append(c);
      i++;
    }
  }

  /**
   * Expands a value sequence: one entry per position, {@code null} for an omitted one.
   *
   * @throws SyntaxException on an unknown item or a native histogram
   */
  public static List<@Nullable Double> parseValues(String values) throws SyntaxException {
    List<@Nullable Double> out = new ArrayList<>();
    String trimmed = values.strip();
    if (trimmed.isEmpty()) {
      return out;
    }
    if (trimmed.contains("{{")) {
      throw new SyntaxException("native histogram values are not supported (storage holds floats only): "
          + trimmed);
    }
    for (String item : trimmed.split("\\s+")) {
      expand(item, out);
    }
    return out;
  }

  private static void expand(String item, List<@Nullable Double> out) throws SyntaxException {
    if (item.equals("stale")) {
      out.add(StaleMarker.STALE_NAN);
      return;
    }
    Matcher m = OMIT.matcher(item);
    if (m.matches()) {
      int n = m.group(1) == null ? 1 : count(m.group(1));
      for (int i = 0; i < n; i++) {
        out.add(null);
      }
      return;
    }
    m = EXPANDING.matcher(item);
    if (m.matches()) {
      double v = number(m.group(1));
      double step = number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
      int n = count(m.group(4));
      out.add(v);
      for (int i = 0; i < n; i++) {
        v += step;
        out.add(v);
      }
      return;
    }
    m = REPEAT.matcher(item);
    if (m.matches()) {
      double v = number(m.group(1));
      int n = count(m.group(2));
      for (int i = 0; i <= n; i++) {
        out.add(v);
      }
      return;
    }
    if (NUMBER.matcher(item).matches()) {
      out.add(number(item));
      return;
    }
    throw new SyntaxException("cannot parse value \"" + item + "\" (expected a number, _, stale, axN or a+bxN)");
  }

  private static int count(String digits) throws SyntaxException {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new SyntaxException("repetition count out of range: " + digits);
    }
  }

  private static double number(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (l.endsWith("inf")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (l.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }
}

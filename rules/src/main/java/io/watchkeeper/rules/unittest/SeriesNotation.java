package io.watchkeeper.rules.unittest;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.FloatHistogram.CounterResetHint;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' series notation as test files use it: a metric ({@code name{l="v", ...}}, {@code
 * {l="v"}}, {@code {}}; names may be quoted) and an expanding value sequence: numbers, {@code _}
 * (no sample), {@code _xN} (N omitted), {@code stale}, {@code axN} (N+1 copies), {@code a+bxN} and
 * {@code a-bxN} (N+1 values stepping by b, accumulated in float64 as Prometheus does), and native
 * histograms: {@code {{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7]
 * offset:-3 n_buckets:[4.1 5] n_offset:-5 custom_values:[..] counter_reset_hint:gauge}}} (every key
 * optional, at most once), {@code {{A}}xN} (N+1 copies) and {@code {{A}}+{{B}}xN} / {@code
 * {{A}}-{{B}}xN} (A, A±B, A±2B, …; B may have a finer schema, merged down to A's). The format is
 * that of promqltest ({@code shared/conformance/promql/FORMAT.md}, section 4). Stateless.
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

  /** One position of an expanded sequence: a float, or a native histogram (then {@code value} is 0). */
  public record SequenceValue(double value, @Nullable FloatHistogram histogram) {
    static SequenceValue of(double v) {
      return new SequenceValue(v, null);
    }

    static SequenceValue of(FloatHistogram h) {
      return new SequenceValue(0, h);
    }
  }

  /**
   * Expands a value sequence: one entry per position, {@code null} for an omitted one.
   *
   * @throws SyntaxException on an unknown item or a malformed histogram
   */
  public static List<@Nullable SequenceValue> parseValues(String values) throws SyntaxException {
    List<@Nullable SequenceValue> out = new ArrayList<>();
    String s = values.strip();
    int i = 0;
    while (i < s.length()) {
      int end = s.startsWith("{{", i) ? histogramItemEnd(s, i) : i;
      while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      String item = s.substring(i, end);
      if (item.startsWith("{{")) {
        expandHistograms(item, out);
      } else {
        expand(item, out);
      }
      i = skipSpace(s, end);
    }
    return out;
  }

  /**
   * Parses one histogram as {@code exp_samples[].histogram} holds it ({@code {{...}}}).
   *
   * @throws SyntaxException unless {@code text} is exactly one histogram
   */
  public static FloatHistogram parseHistogram(String text) throws SyntaxException {
    List<@Nullable SequenceValue> values = parseValues(text);
    if (values.size() != 1 || values.get(0) == null || values.get(0).histogram() == null) {
      throw new SyntaxException("expected one histogram, got \"" + text + "\"");
    }
    return values.get(0).histogram();
  }

  /** The end of a histogram item starting at {@code from}: past its last {@code }}}, before any {@code xN}. */
  private static int histogramItemEnd(String s, int from) throws SyntaxException {
    int i = from;
    while (true) {
      int close = s.indexOf("}}", i);
      if (close < 0) {
        throw new SyntaxException("unterminated histogram \"" + s.substring(from) + "\" (missing }})");
      }
      i = close + 2;
      // {{A}}+{{B}} or {{A}}-{{B}}: the item goes on to B's end.
      if (i + 2 < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.startsWith("{{", i + 1)) {
        i += 1;
        continue;
      }
      return i;
    }
  }

  private static void expandHistograms(String item, List<@Nullable SequenceValue> out) throws SyntaxException {
    int close = item.indexOf("}}");
    FloatHistogram base = histogram(item.substring(2, close));
    String rest = item.substring(close + 2);
    if (rest.isEmpty()) {
      out.add(SequenceValue.of(base));
      return;
    }
    if (rest.matches("x\\d+")) {
      int n = count(rest.substring(1));
      for (int k = 0; k <= n; k++) {
        out.add(SequenceValue.of(base));
      }
      return;
    }
    Matcher m = HISTOGRAM_STEP.matcher(rest);
    if (!m.matches()) {
      throw new SyntaxException("cannot parse value \"" + item + "\" (expected {{...}}, {{...}}xN or {{...}}+{{...}}xN)");
    }
    FloatHistogram inc = histogram(m.group(2));
    if (base.schema() > inc.schema()) {
      throw new SyntaxException("error combining histograms: cannot merge from schema " + inc.schema() + " to " + base.schema());
    }
    double factor = m.group(1).equals("-") ? -1 : 1;
    int n = count(m.group(3));
    FloatHistogram cur = base;
    out.add(SequenceValue.of(cur));
    for (int k = 0; k < n; k++) {
      try {
        cur = cur.plus(inc, factor);
      } catch (IllegalArgumentException e) {
        throw new SyntaxException("error combining histograms: " + e.getMessage());
      }
      out.add(SequenceValue.of(cur));
    }
  }

  private static final Pattern HISTOGRAM_STEP = Pattern.compile("^([+-])\\{\\{(.*)}}x(\\d+)$");
  private static final Pattern HISTOGRAM_FIELD = Pattern.compile("([a-z_]+):(\\[[^\\]]*]|\\S+)");

  /** A histogram from the inside of {@code {{...}}}: space-separated {@code key:value} pairs. */
  private static FloatHistogram histogram(String desc) throws SyntaxException {
    Map<String, String> fields = new HashMap<>();
    Matcher m = HISTOGRAM_FIELD.matcher(desc);
    int pos = 0;
    while (pos < desc.length()) {
      pos = skipSpace(desc, pos);
      if (pos == desc.length()) {
        break;
      }
      if (!m.find(pos) || m.start() != pos) {
        throw new SyntaxException("cannot parse histogram \"{{" + desc + "}}\" at \"" + desc.substring(pos) + "\"");
      }
      if (fields.put(m.group(1), m.group(2)) != null) {
        throw new SyntaxException("duplicate key \"" + m.group(1) + "\" in histogram \"{{" + desc + "}}\"");
      }
      pos = m.end();
    }
    try {
      FloatHistogram h = new FloatHistogram(
          CounterResetHint.fromText(fields.getOrDefault("counter_reset_hint", "unknown")),
          integer(fields, "schema"), number(fields, "z_bucket_w"), number(fields, "z_bucket"),
          number(fields, "count"), number(fields, "sum"),
          integer(fields, "offset"), numbers(fields, "buckets"),
          integer(fields, "n_offset"), numbers(fields, "n_buckets"), numbers(fields, "custom_values"));
      fields.keySet().removeAll(List.of("counter_reset_hint", "schema", "z_bucket_w", "z_bucket", "count", "sum",
          "offset", "buckets", "n_offset", "n_buckets", "custom_values"));
      if (!fields.isEmpty()) {
        throw new SyntaxException("unknown key \"" + fields.keySet().iterator().next() + "\" in histogram \"{{" + desc + "}}\"");
      }
      return h;
    } catch (IllegalArgumentException e) {
      throw new SyntaxException("invalid histogram \"{{" + desc + "}}\": " + e.getMessage());
    }
  }

  private static int integer(Map<String, String> fields, String key) throws SyntaxException {
    String v = fields.get(key);
    try {
      return v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new SyntaxException("histogram key " + key + " needs an integer, got \"" + v + "\"");
    }
  }

  private static double number(Map<String, String> fields, String key) throws SyntaxException {
    String v = fields.get(key);
    if (v == null) {
      return 0;
    }
    if (!NUMBER.matcher(v).matches()) {
      throw new SyntaxException("histogram key " + key + " needs a number, got \"" + v + "\"");
    }
    return number(v);
  }

  private static double[] numbers(Map<String, String> fields, String key) throws SyntaxException {
    String v = fields.get(key);
    if (v == null) {
      return new double[0];
    }
    if (!v.startsWith("[") || !v.endsWith("]")) {
      throw new SyntaxException("histogram key " + key + " needs a list [a b ...], got \"" + v + "\"");
    }
    String inner = v.substring(1, v.length() - 1).strip();
    if (inner.isEmpty()) {
      return new double[0];
    }
    String[] parts = inner.split("\\s+");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (!NUMBER.matcher(parts[i]).matches()) {
        throw new SyntaxException("histogram key " + key + " needs numbers, got \"" + parts[i] + "\"");
      }
      out[i] = number(parts[i]);
    }
    return out;
  }

  private static void expand(String item, List<@Nullable SequenceValue> out) throws SyntaxException {
    if (item.equals("stale")) {
      out.add(SequenceValue.of(StaleMarker.STALE_NAN));
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
      out.add(SequenceValue.of(v));
      for (int i = 0; i < n; i++) {
        v += step;
        out.add(SequenceValue.of(v));
      }
      return;
    }
    m = REPEAT.matcher(item);
    if (m.matches()) {
      double v = number(m.group(1));
      int n = count(m.group(2));
      for (int i = 0; i <= n; i++) {
        out.add(SequenceValue.of(v));
      }
      return;
    }
    if (NUMBER.matcher(item).matches()) {
      out.add(SequenceValue.of(number(item)));
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

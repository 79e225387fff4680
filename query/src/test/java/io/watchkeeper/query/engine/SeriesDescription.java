package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One series line of a PromQL test script ({@code name{l="v"} 1 2+3x4 _ stale}): labels and the
 * expanded values, where {@code null} is an omitted position ({@code _}) and a {@link Point} with
 * {@code histogram} set a native histogram the engine does not handle.
 *
 * @param histograms whether any position holds a native histogram
 */
record SeriesDescription(Labels labels, List<Point> values, boolean histograms) {
  private static final String NUM = "(?:[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[iI][nN][fF]|[nN][aA][nN]))";
  private static final Pattern SERIES = Pattern.compile("^(" + NUM + ")(?:([+-])(" + NUM.replace("[+-]?", "") + "))?x(\\d+)$");
  private static final Pattern OMIT = Pattern.compile("^_(?:x(\\d+))?$");

  /** One position: a float, or a histogram placeholder. */
  record Point(double value, boolean histogram) {}

  /** Parses a series description line. */
  static SeriesDescription parse(String line) {
    int[] pos = {0};
    Labels labels = parseMetric(line, pos);
    List<Point> values = new ArrayList<>();
    boolean histograms = parseValues(line.substring(pos[0]).trim(), values);
    return new SeriesDescription(labels, values, histograms);
  }

  private static Labels parseMetric(String s, int[] pos) {
    Labels.Builder b = Labels.builder();
    int i = 0;
    int start = i;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
      i++;
    }
    if (i > start) {
      b.set(Labels.METRIC_NAME, s.substring(start, i));
    }
    if (i < s.length() && s.charAt(i) == '{') {
      i++;
      while (true) {
        i = skipSpace(s, i);
        if (s.charAt(i) == '}') {
          i++;
          break;
        }
        String name;
        if (s.charAt(i) == '"' || s.charAt(i) == '\'' || s.charAt(i) == '`') {
          int[] p = {i};
          name = GoQuote.unquote(s, p);
          i = skipSpace(s, p[0]);
          if (s.charAt(i) != '=') {
            b.set(Labels.METRIC_NAME, name);
            i = skipComma(s, i);
            continue;
          }
        } else {
          int ns = i;
          while (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_') {
            i++;
          }
          name = s.substring(ns, i);
          i = skipSpace(s, i);
        }
        if (s.charAt(i) != '=') {
          throw new IllegalArgumentException("expected = in series description: " + s);
        }
        i = skipSpace(s, i + 1);
        int[] p = {i};
        String value = GoQuote.unquote(s, p);
        b.set(name, value);
        i = skipComma(s, skipSpace(s, p[0]));
      }
    }
    pos[0] = i;
    return b.build();
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipComma(String s, int i) {
    int j = skipSpace(s, i);
    return j < s.length() && s.charAt(j) == ',' ? j + 1 : j;
  }

  /** Expands the value sequence; returns whether it contains native histograms. */
  private static boolean parseValues(String s, List<Point> out) {
    boolean histograms = false;
    int i = 0;
    while (i < s.length()) {
      i = skipSpace(s, i);
      if (i >= s.length()) {
        break;
      }
      if (s.startsWith("{{", i)) {
        int end = histogramTokenEnd(s, i);
        String token = s.substring(i, end);
        int copies = 1;
        Matcher m = Pattern.compile("x(\\d+)$").matcher(token);
        if (m.find() && token.lastIndexOf("}}") < m.start()) {
          copies = Integer.parseInt(m.group(1)) + 1;
        }
        for (int k = 0; k < copies; k++) {
          out.add(new Point(0, true));
        }
        histograms = true;
        i = end;
        continue;
      }
      int end = i;
      while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      expand(s.substring(i, end), out);
      i = end;
    }
    return histograms;
  }

  /** End of a {@code {{...}}} token, with an optional {@code +{{...}}} and {@code xN} suffix. */
  private static int histogramTokenEnd(String s, int i) {
    int end = s.indexOf("}}", i) + 2;
    if (end < s.length() && (s.charAt(end) == '+' || s.charAt(end) == '-') && s.startsWith("{{", end + 1)) {
      end = s.indexOf("}}", end + 1) + 2;
    }
    while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    return end;
  }

  private static void expand(String token, List<Point> out) {
    Matcher omit = OMIT.matcher(token);
    if (omit.matches()) {
      int n = omit.group(1) == null ? 1 : Integer.parseInt(omit.group(1));
      for (int k = 0; k < n; k++) {
        out.add(null);
      }
      return;
    }
    if (token.equals("stale")) {
      out.add(new Point(StaleMarker.STALE_NAN, false));
      return;
    }
    Matcher m = SERIES.matcher(token);
    if (m.matches()) {
      double v = number(m.group(1));
      double inc = m.group(2) == null ? 0 : number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
      int n = Integer.parseInt(m.group(4));
      for (int k = 0; k <= n; k++) {
        out.add(new Point(v, false));
        v += inc;
      }
      return;
    }
    out.add(new Point(number(token), false));
  }

  static double number(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    return switch (l) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}

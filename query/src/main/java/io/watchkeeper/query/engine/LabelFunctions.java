package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.StepValue.StringSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code label_replace}, {@code label_join} and the sorting functions. */
final class LabelFunctions {
  private LabelFunctions() {}

  static void register(Map<String, Functions.Handler> handlers) {
    handlers.put("label_replace", LabelFunctions::labelReplace);
    handlers.put("label_join", LabelFunctions::labelJoin);
    handlers.put("sort", (ev, c) -> sortByValue(ev, c, false));
    handlers.put("sort_desc", (ev, c) -> sortByValue(ev, c, true));
    handlers.put("sort_by_label", (ev, c) -> sortByLabel(ev, c, false));
    handlers.put("sort_by_label_desc", (ev, c) -> sortByLabel(ev, c, true));
  }

  private static String stringArg(Evaluator ev, Expr e) {
    if (ev.eval(e) instanceof StringSteps s) {
      return s.value();
    }
    throw new IllegalStateException("BUG: expected a string argument: " + e);
  }

  private static StepValue labelReplace(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    String dst = stringArg(ev, c.args().get(1));
    String replacement = stringArg(ev, c.args().get(2));
    String src = stringArg(ev, c.args().get(3));
    String regex = stringArg(ev, c.args().get(4));
    Pattern pattern;
    try {
      pattern = Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw QueryFailure.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (!Labels.isValidLabelName(dst)) {
      throw QueryFailure.execution("invalid destination label name in label_replace(): " + dst);
    }
    for (StepSeries s : in) {
      Matcher m = pattern.matcher(s.labels.get(src));
      if (m.matches()) {
        s.labels = s.labels.toBuilder().set(dst, expand(replacement, m)).build();
        if (dst.equals(Labels.METRIC_NAME)) {
          s.dropName = false;
        }
      }
    }
    return new VectorSteps(mergeSameLabels(in));
  }

  /** Go's {@code regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
  static String expand(String template, Matcher m) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= template.length()) {
        sb.append(ch);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? "" : template.substring(i + 2, close);
        end = close + 1;
        if (close < 0 || !isGroupName(name)) {
          sb.append(ch);
          i++;
          continue;
        }
      } else {
        end = i + 1;
        while (end < template.length() && isNameChar(template.charAt(end))) {
          end++;
        }
        name = template.substring(i + 1, end);
        if (name.isEmpty()) {
          sb.append(ch);
          i++;
          continue;
        }
      }
      sb.append(group(m, name));
      i = end;
    }
    return sb.toString();
  }

  private static boolean isGroupName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isNameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String group(Matcher m, String name) {
    try {
      String g;
      if (name.chars().allMatch(Character::isDigit)) {
        int n = Integer.parseInt(name);
        g = n <= m.groupCount() ? m.group(n) : null;
      } else {
        g = m.group(name);
      }
      return g == null ? "" : g;
    } catch (IllegalArgumentException e) {
      return ""; // no such group: Go expands it to nothing
    }
  }

  private static StepValue labelJoin(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    String dst = stringArg(ev, c.args().get(1));
    String sep = stringArg(ev, c.args().get(2));
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < c.args().size(); i++) {
      srcs.add(stringArg(ev, c.args().get(i)));
    }
    if (!Labels.isValidLabelName(dst)) {
      throw QueryFailure.execution("invalid destination label name in label_join(): " + dst);
    }
    for (StepSeries s : in) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        sb.append(s.labels.get(srcs.get(i)));
      }
      s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
      if (dst.equals(Labels.METRIC_NAME)) {
        s.dropName = false;
      }
    }
    return new VectorSteps(mergeSameLabels(in));
  }

  /**
   * Merges series that relabelling gave one label set; Prometheus refuses only two of them with
   * a value at the same step.
   */
  static List<StepSeries> mergeSameLabels(List<StepSeries> in) {
    Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
    for (StepSeries s : in) {
      StepSeries prev = byLabels.putIfAbsent(s.labels, s);
      if (prev == null) {
        continue;
      }
      for (int i = 0; i < s.values.length; i++) {
        if (!StepSeries.isAbsent(s.values[i])) {
          if (!StepSeries.isAbsent(prev.values[i])) {
            throw QueryFailure.execution("vector cannot contain metrics with the same labelset");
          }
          prev.values[i] = s.values[i];
        }
      }
      prev.dropName &= s.dropName;
    }
    return new ArrayList<>(byLabels.values());
  }

  private static void warnIfRange(Evaluator ev, Call c) {
    if (ev.grid.steps() > 1) {
      ev.ctx.annotations.warn("sort is ineffective for range queries since results are always ordered by labels", c.position());
    }
  }

  /** {@code sort}: ascending, {@code sort_desc}: descending; NaN last either way. */
  private static StepValue sortByValue(Evaluator ev, Call c, boolean descending) {
    warnIfRange(ev, c);
    List<StepSeries> in = new ArrayList<>(ev.evalVector(c.args().get(0)));
    Comparator<StepSeries> byValue = (a, b) -> {
      double x = a.values[0];
      double y = b.values[0];
      boolean nx = Double.isNaN(x);
      boolean ny = Double.isNaN(y);
      if (nx || ny) {
        return Boolean.compare(nx, ny);
      }
      return descending ? Double.compare(y, x) : Double.compare(x, y);
    };
    in.sort(byValue);
    return new VectorSteps(in);
  }

  private static StepValue sortByLabel(Evaluator ev, Call c, boolean descending) {
    warnIfRange(ev, c);
    List<StepSeries> in = new ArrayList<>(ev.evalVector(c.args().get(0)));
    List<String> names = new ArrayList<>();
    for (int i = 1; i < c.args().size(); i++) {
      names.add(stringArg(ev, c.args().get(i)));
    }
    Comparator<StepSeries> cmp = (a, b) -> {
      for (String n : names) {
        int r = naturalCompare(a.labels.get(n), b.labels.get(n));
        if (r != 0) {
          return r;
        }
      }
      return a.labels.compareTo(b.labels);
    };
    in.sort(descending ? cmp.reversed() : cmp);
    return new VectorSteps(in);
  }

  /** Natural order: runs of digits compare as numbers ({@code a2 < a10}). */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int r = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (r != 0) {
          return r;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}

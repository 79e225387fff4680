package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.StringValue;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.engine.PromqlTestScript.AnnotationExpectation;
import io.watchkeeper.query.engine.PromqlTestScript.Clear;
import io.watchkeeper.query.engine.PromqlTestScript.Command;
import io.watchkeeper.query.engine.PromqlTestScript.Eval;
import io.watchkeeper.query.engine.PromqlTestScript.Load;
import io.watchkeeper.query.engine.SeriesDescription.Point;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs one PromQL test script against {@link PromqlEngine} over an {@link InMemoryStorage} and
 * reports every eval as passed, failed (with the reason) or skipped (native histograms,
 * experimental features), following the comparison rules of FORMAT.md section 8.
 */
final class PromqlCorpusRunner {
  /** Turns query text into an AST; a parse failure is a {@link QueryException}. */
  interface ExprParser {
    Expr parse(String text) throws QueryException;
  }

  /**
   * Decides whether an eval is out of scope; empty when it runs. {@code histogramSeries} are the
   * label sets loaded with native-histogram samples (not stored: the storage holds floats only).
   */
  interface SkipRule {
    Optional<String> skipReason(Expr expr, List<Labels> histogramSeries);
  }

  enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  record Outcome(String file, int line, String expr, Status status, String reason) {
    String key() {
      return file + ":" + line;
    }
  }

  private static final double MIN_NORMAL = Double.MIN_NORMAL;

  private final PromqlEngine engine;
  private final ExprParser parser;
  private final SkipRule skipRule;

  PromqlCorpusRunner(PromqlEngine engine, ExprParser parser, SkipRule skipRule) {
    this.engine = engine;
    this.parser = parser;
    this.skipRule = skipRule;
  }

  List<Outcome> run(String file, PromqlTestScript script) {
    List<Outcome> out = new ArrayList<>();
    InMemoryStorage storage = new InMemoryStorage();
    List<Labels> histogramSeries = new ArrayList<>();
    boolean startTimestamps = false;
    for (Command c : script.commands) {
      switch (c) {
        case Clear clear -> {
          storage = new InMemoryStorage();
          histogramSeries.clear();
          startTimestamps = false;
        }
        case Load load -> {
          load(storage, load, histogramSeries);
          startTimestamps |= load.startTimestamps();
        }
        case Eval eval -> {
          String skip = startTimestamps ? "start timestamps" : null;
          out.add(skip != null
              ? new Outcome(file, eval.line(), eval.expr(), Status.SKIPPED, skip)
              : evaluate(file, storage, eval, histogramSeries));
        }
      }
    }
    return out;
  }

  private static void load(InMemoryStorage storage, Load load, List<Labels> histogramSeries) {
    // One load may list a series twice (aggregators.test does); as upstream, the last value wins.
    Map<Labels, TreeMap<Long, Double>> samples = new LinkedHashMap<>();
    for (SeriesDescription s : load.series()) {
      if (s.histograms()) {
        histogramSeries.add(s.labels());
      }
      String name = s.labels().metricName();
      if (load.withNhcb() && name.matches(".+_(bucket|count|sum)$")) {
        // load_with_nhcb adds a native histogram under the base name (FORMAT.md 5).
        String base = name.replaceFirst("_(bucket|count|sum)$", "");
        histogramSeries.add(s.labels().toBuilder().set(Labels.METRIC_NAME, base).delete("le").build());
      }
      TreeMap<Long, Double> series = samples.computeIfAbsent(s.labels(), k -> new TreeMap<>());
      List<Point> values = s.values();
      for (int k = 0; k < values.size(); k++) {
        Point p = values.get(k);
        if (p != null && !p.histogram()) {
          series.put(k * load.intervalMillis(), p.value());
        }
      }
    }
    Appender a = storage.appender();
    samples.forEach((labels, series) -> series.forEach((t, v) -> {
      try {
        a.append(0, labels, t, v);
      } catch (AppendException e) {
        throw new IllegalStateException("line " + load.line() + ": cannot load " + labels + ": " + e.getMessage(), e);
      }
    }));
    a.commit();
  }

  private Outcome evaluate(String file, InMemoryStorage storage, Eval eval, List<Labels> histogramSeries) {
    String expr = eval.expr();
    if (eval.expected().stream().anyMatch(SeriesDescription::histograms)) {
      return new Outcome(file, eval.line(), expr, Status.SKIPPED, "native histograms");
    }
    Expr ast;
    try {
      ast = parser.parse(expr);
    } catch (QueryException e) {
      return eval.fail()
          ? result(file, eval, checkFailure(eval, e))
          : new Outcome(file, eval.line(), expr, Status.FAILED, "parser: " + e.getMessage());
    }
    Optional<String> skip = skipRule.skipReason(ast, histogramSeries);
    if (skip.isPresent()) {
      return new Outcome(file, eval.line(), expr, Status.SKIPPED, skip.get());
    }
    QueryResult r;
    try {
      if (eval.range()) {
        r = engine.evaluateRange(storage, ast, expr, eval.start(), eval.end(), eval.step());
      } else {
        long t = eval.rangeVector() != null ? eval.rangeVector()[1] : eval.start();
        r = engine.evaluateInstant(storage, ast, expr, t);
      }
    } catch (QueryException e) {
      return eval.fail()
          ? result(file, eval, checkFailure(eval, e))
          : new Outcome(file, eval.line(), expr, Status.FAILED, "error: " + e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(file, eval.line(), expr, Status.FAILED, "crash: " + e);
    }
    if (eval.fail()) {
      return new Outcome(file, eval.line(), expr, Status.FAILED, "expected an error, got " + describe(r.value()));
    }
    String problem = checkAnnotations(eval, r.warnings());
    if (problem == null) {
      problem = checkValue(eval, r.value());
    }
    if (problem == null && needsRangeModeCheck(eval)) {
      problem = checkRangeMode(storage, ast, eval);
    }
    if (problem == null && needsAtCheck(eval)) {
      problem = checkAtInvariance(storage, ast, eval);
    }
    return result(file, eval, problem);
  }

  private static final Pattern TIME_DEPENDENT = Pattern.compile(
      "\\b(days_in_month|day_of_month|day_of_week|day_of_year|end|hour|minute|month|year|predict_linear|range|start|step"
          + "|time|timestamp)\\s*\\(");

  /** FORMAT.md 9.2: skipped for functions that read the evaluation time. */
  private static boolean needsAtCheck(Eval eval) {
    return !eval.range() && eval.rangeVector() == null && eval.string() == null && !TIME_DEPENDENT.matcher(eval.expr()).find();
  }

  /**
   * FORMAT.md 9.2: with {@code @ t} on every selector and subquery, the query gives the same
   * result evaluated at -10t, 0, t/5, t and 10t (-1s, 0, 1s when t is 0).
   */
  private String checkAtInvariance(InMemoryStorage storage, Expr ast, Eval eval) {
    long t = eval.start();
    Expr pinned;
    try {
      pinned = AtModifierRewriter.pin(io.watchkeeper.query.parser.DurationResolver.resolve(ast, 0, 0), t);
    } catch (QueryException e) {
      return "@ check: " + e.getMessage();
    }
    long[] times = t == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * t, 0, t / 5, t, 10 * t};
    for (long at : times) {
      QueryResult r;
      try {
        r = engine.evaluateInstant(storage, pinned, eval.expr(), at);
      } catch (QueryException e) {
        return "@ check at " + at + ": error " + e.getMessage();
      }
      String problem = checkValue(eval, r.value());
      if (problem != null) {
        return "@ check at " + at + ": " + problem;
      }
    }
    return null;
  }

  /**
   * FORMAT.md 9.1: an instant eval must give the same result as the step at {@code t} of a range
   * query from {@code t - 1m} to {@code t + 1m}; catches step-alignment bugs.
   */
  private static boolean needsRangeModeCheck(Eval eval) {
    return !eval.range() && eval.rangeVector() == null && eval.string() == null && !eval.ordered()
        && !RANGE_DEPENDENT.matcher(eval.expr()).find();
  }

  private static final Pattern RANGE_DEPENDENT = Pattern.compile("\\b(start|end|range|step)\\s*\\(");

  private String checkRangeMode(InMemoryStorage storage, Expr ast, Eval eval) {
    long t = eval.start();
    QueryResult r;
    try {
      r = engine.evaluateRange(storage, ast, eval.expr(), t - 60_000, t + 60_000, 60_000);
    } catch (QueryException e) {
      return "range mode: error " + e.getMessage();
    }
    if (!(r.value() instanceof Matrix m)) {
      return "range mode: got " + describe(r.value());
    }
    List<Sample> atT = new ArrayList<>();
    for (RangeSeries s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamps()[i] == t) {
          atT.add(new Sample(s.labels(), t, s.values()[i]));
        }
      }
    }
    if (eval.scalar() != null) {
      return atT.size() == 1 && equal(eval.scalar(), atT.get(0).value()) ? null : "range mode: scalar step " + atT;
    }
    String problem = checkVector(eval, new Vector(atT));
    return problem == null ? null : "range mode: " + problem;
  }

  private static Outcome result(String file, Eval eval, String problem) {
    return problem == null
        ? new Outcome(file, eval.line(), eval.expr(), Status.PASSED, "")
        : new Outcome(file, eval.line(), eval.expr(), Status.FAILED, problem);
  }

  private static String checkFailure(Eval eval, QueryException e) {
    String msg = e.getMessage();
    return switch (eval.failMode()) {
      case "msg" -> msg.equals(eval.failText()) ? null : "error message \"" + msg + "\", want \"" + eval.failText() + "\"";
      case "regex" -> Pattern.compile(eval.failText()).matcher(msg).find() ? null : "error \"" + msg + "\" does not match " + eval.failText();
      default -> null;
    };
  }

  private static String checkAnnotations(Eval eval, List<String> annotations) {
    List<String> warns = annotations.stream().filter(a -> a.startsWith("PromQL warning:")).toList();
    List<String> infos = annotations.stream().filter(a -> a.startsWith("PromQL info:")).toList();
    String w = checkKind(eval, "warn", warns);
    return w != null ? w : checkKind(eval, "info", infos);
  }

  private static String checkKind(Eval eval, String kind, List<String> got) {
    List<AnnotationExpectation> want = eval.annotations().stream().filter(a -> a.kind().equals(kind)).toList();
    boolean none = eval.annotations().stream().anyMatch(a -> a.kind().equals("no_" + kind));
    if (none && !got.isEmpty()) {
      return "unexpected " + kind + ": " + got;
    }
    if (want.isEmpty()) {
      return null;
    }
    if (got.isEmpty()) {
      return "expected a " + kind + " annotation, got none";
    }
    for (AnnotationExpectation a : want) {
      if (got.stream().noneMatch(g -> matches(a, g))) {
        return "no " + kind + " matches " + a.mode() + " " + a.text() + "; got " + got;
      }
    }
    for (String g : got) {
      if (want.stream().noneMatch(a -> matches(a, g))) {
        return "unexpected " + kind + " " + g;
      }
    }
    return null;
  }

  private static boolean matches(AnnotationExpectation a, String got) {
    return switch (a.mode()) {
      case "msg" -> got.equals(a.text());
      case "regex" -> Pattern.compile(a.text()).matcher(got).find();
      default -> true;
    };
  }

  private static String checkValue(Eval eval, QueryValue value) {
    if (eval.scalar() != null) {
      if (!(value instanceof Scalar s)) {
        return "expected scalar " + eval.scalar() + ", got " + describe(value);
      }
      return equal(eval.scalar(), s.value()) ? null : "scalar " + s.value() + ", want " + eval.scalar();
    }
    if (eval.string() != null) {
      if (!(value instanceof StringValue s)) {
        return "expected string, got " + describe(value);
      }
      return s.value().equals(eval.string()) ? null : "string \"" + s.value() + "\", want \"" + eval.string() + "\"";
    }
    if (eval.range()) {
      return value instanceof Matrix m ? checkMatrix(eval, m, eval.start(), eval.step()) : "expected matrix, got " + describe(value);
    }
    if (eval.rangeVector() != null) {
      return value instanceof Matrix m ? checkMatrix(eval, m, eval.rangeVector()[0], eval.rangeVector()[2]) : "expected range vector, got " + describe(value);
    }
    if (!(value instanceof Vector v)) {
      if (eval.expected().isEmpty() && value instanceof Matrix m && m.series().isEmpty()) {
        return null;
      }
      return "expected vector, got " + describe(value);
    }
    return checkVector(eval, v);
  }

  private static String checkVector(Eval eval, Vector v) {
    List<SeriesDescription> want = eval.expected();
    if (v.samples().size() != want.size()) {
      return "got " + v.samples().size() + " samples, want " + want.size() + ": " + v.samples();
    }
    for (int k = 0; k < want.size(); k++) {
      SeriesDescription w = want.get(k);
      if (w.values().size() != 1 || w.values().get(0) == null) {
        return "bad expectation for instant vector: " + w;
      }
      Sample found = null;
      int foundAt = -1;
      for (int j = 0; j < v.samples().size(); j++) {
        if (v.samples().get(j).labels().equals(w.labels())) {
          found = v.samples().get(j);
          foundAt = j;
        }
      }
      if (found == null) {
        return "missing " + w.labels() + "; got " + v.samples();
      }
      if (eval.ordered() && foundAt != k) {
        return "order: " + w.labels() + " at " + foundAt + ", want " + k;
      }
      if (!equal(w.values().get(0).value(), found.value())) {
        return w.labels() + " = " + found.value() + ", want " + w.values().get(0).value();
      }
    }
    return null;
  }

  private static String checkMatrix(Eval eval, Matrix m, long start, long step) {
    List<SeriesDescription> want = eval.expected();
    if (eval.ordered()) {
      return "ordered cannot hold for a matrix";
    }
    if (m.series().size() != want.size()) {
      return "got " + m.series().size() + " series, want " + want.size() + ": " + labelsOf(m);
    }
    for (int k = 1; k < m.series().size(); k++) {
      if (m.series().get(k - 1).labels().compareTo(m.series().get(k).labels()) >= 0) {
        return "matrix not sorted by labels";
      }
    }
    for (SeriesDescription w : want) {
      RangeSeries found = m.series().stream().filter(s -> s.labels().equals(w.labels())).findFirst().orElse(null);
      if (found == null) {
        return "missing " + w.labels() + "; got " + labelsOf(m);
      }
      List<long[]> expectedTs = new ArrayList<>();
      List<Double> expectedVs = new ArrayList<>();
      for (int i = 0; i < w.values().size(); i++) {
        Point p = w.values().get(i);
        if (p != null) {
          expectedTs.add(new long[] {start + i * step});
          expectedVs.add(p.value());
        }
      }
      if (found.size() != expectedTs.size()) {
        return w.labels() + ": " + found.size() + " points, want " + expectedTs.size() + " (got ts "
            + java.util.Arrays.toString(found.timestamps()) + " vs " + java.util.Arrays.toString(found.values()) + ")";
      }
      for (int i = 0; i < found.size(); i++) {
        if (found.timestamps()[i] != expectedTs.get(i)[0] || !equal(expectedVs.get(i), found.values()[i])) {
          return w.labels() + ": point " + i + " is " + found.values()[i] + "@" + found.timestamps()[i] + ", want "
              + expectedVs.get(i) + "@" + expectedTs.get(i)[0];
        }
      }
    }
    return null;
  }

  private static List<Labels> labelsOf(Matrix m) {
    return m.series().stream().map(RangeSeries::labels).toList();
  }

  private static String describe(QueryValue v) {
    return v.type().apiName() + " " + v;
  }

  /** Float equality of FORMAT.md 8.3. */
  static boolean equal(double want, double got) {
    if (Double.isNaN(want) && Double.isNaN(got)) {
      return StaleMarker.isStale(want) == StaleMarker.isStale(got);
    }
    if (Double.doubleToLongBits(want) == Double.doubleToLongBits(got) || want == got) {
      return true;
    }
    double absSum = Math.abs(want) + Math.abs(got);
    double diff = Math.abs(want - got);
    if (want == 0 || got == 0 || absSum < MIN_NORMAL) {
      return diff < 1e-6 * MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < 1e-6;
  }
}

package io.watchkeeper.query.engine;

import io.watchkeeper.model.GoFloat;
import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.RangeKernels.ExtrapolatedRate;
import io.watchkeeper.query.engine.StepValue.ScalarSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.VectorSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * PromQL's functions by name (Prometheus {@code FunctionCalls}). Each entry is a small method or
 * lambda; range-vector functions delegate to {@link RangeFunctions} with a {@link WindowKernel},
 * label and sorting functions to {@link LabelFunctions}, histogram functions to {@link
 * HistogramFunctions}, date functions to {@link DateFunctions}.
 */
final class Functions {
  /** Evaluates one call. */
  interface Handler {
    StepValue apply(Evaluator ev, Call call);
  }

  private static final Map<String, Handler> HANDLERS = new HashMap<>();
  private static final Map<String, RangeFunction> RANGE_FUNCTIONS = new HashMap<>();

  static {
    registerRangeFunctions();
    registerOverTimeFunctions();
    registerMathFunctions();
    registerOtherFunctions();
    DateFunctions.register(HANDLERS);
    LabelFunctions.register(HANDLERS);
    HistogramFunctions.register(HANDLERS);
  }

  private Functions() {}

  static StepValue call(Evaluator ev, Call call) {
    Handler h = HANDLERS.get(call.function().name());
    if (h == null) {
      throw QueryFailure.execution("function \"" + call.function().name() + "\" is not supported");
    }
    return h.apply(ev, call);
  }

  /** Whether the engine implements a function of this name. */
  static boolean isSupported(String name) {
    return HANDLERS.containsKey(name);
  }

  private static long rangeOf(Expr e) {
    return switch (RangeFunctions.unwrap(e)) {
      case MatrixSelector m -> m.rangeMillis();
      case SubqueryExpr s -> s.rangeMillis();
      default -> throw new IllegalStateException("BUG: not a range vector: " + e);
    };
  }

  /** Builds the {@link RangeSpec} of one call, evaluating its scalar parameters. */
  interface RangeFunction {
    RangeSpec spec(Evaluator ev, Call call);
  }

  /** The spec of a call to a kernel-based range-vector function, or null for any other call. */
  static RangeSpec rangeSpec(Evaluator ev, Call call) {
    RangeFunction f = RANGE_FUNCTIONS.get(call.function().name());
    return f == null ? null : f.spec(ev, call);
  }

  private static void range(String name, RangeFunction f) {
    RANGE_FUNCTIONS.put(name, f);
    HANDLERS.put(name, (ev, c) -> RangeFunctions.evaluate(ev, c, f.spec(ev, c)));
  }

  private static void overTime(String name, boolean keepName, SimpleWindow f) {
    range(name, (ev, c) -> new RangeSpec(0, () -> f, keepName));
  }

  /** A window function that needs no per-series state or parameters. */
  private interface SimpleWindow extends WindowKernel {
    double apply(SampleBuffer buf, int lo, int hi);

    @Override
    default double apply(SampleBuffer buf, int lo, int hi, long start, long end, int step, long evalTime) {
      return apply(buf, lo, hi);
    }
  }

  private static RangeSpec extrapolated(Evaluator ev, Call c, boolean counter, boolean rate) {
    long range = rangeOf(c.args().get(0));
    boolean prometheus2 = ev.ctx.isPrometheus2();
    return new RangeSpec(0, () -> new ExtrapolatedRate(counter, rate, range, prometheus2), false);
  }

  private static void registerRangeFunctions() {
    range("rate", (ev, c) -> extrapolated(ev, c, true, true));
    range("increase", (ev, c) -> extrapolated(ev, c, true, false));
    range("delta", (ev, c) -> extrapolated(ev, c, false, false));
    range("irate", (ev, c) -> new RangeSpec(0, () -> RangeKernels.instantDelta(true), false));
    range("idelta", (ev, c) -> new RangeSpec(0, () -> RangeKernels.instantDelta(false), false));
    range("deriv", (ev, c) -> new RangeSpec(0, () -> (buf, lo, hi, s, e, step, t) ->
        hi - lo < 2 ? StepSeries.ABSENT : RangeKernels.linearRegression(buf, lo, hi, buf.ts[lo])[0], false));
    range("predict_linear", Functions::predictLinear);
    range("double_exponential_smoothing", Functions::smooth);
    range("holt_winters", Functions::smooth);
    range("quantile_over_time", Functions::quantileOverTime);
    HANDLERS.put("absent_over_time", RangeFunctions::absentOverTime);
  }

  private static void registerOverTimeFunctions() {
    overTime("sum_over_time", false, RangeKernels::sum);
    overTime("avg_over_time", false, RangeKernels::avg);
    overTime("min_over_time", false, RangeKernels::min);
    overTime("max_over_time", false, RangeKernels::max);
    overTime("count_over_time", false, (buf, lo, hi) -> hi - lo);
    overTime("stdvar_over_time", false, RangeKernels::variance);
    overTime("stddev_over_time", false, (buf, lo, hi) -> Math.sqrt(RangeKernels.variance(buf, lo, hi)));
    overTime("last_over_time", true, (buf, lo, hi) -> buf.vs[hi - 1]);
    overTime("first_over_time", true, (buf, lo, hi) -> buf.vs[lo]);
    overTime("present_over_time", false, (buf, lo, hi) -> 1);
    overTime("changes", false, RangeKernels::changes);
    overTime("resets", false, RangeKernels::resets);
    overTime("ts_of_last_over_time", false, (buf, lo, hi) -> buf.ts[hi - 1] / 1000.0);
    overTime("ts_of_first_over_time", false, (buf, lo, hi) -> buf.ts[lo] / 1000.0);
    overTime("ts_of_max_over_time", false, (buf, lo, hi) -> RangeKernels.timestampOfExtreme(buf, lo, hi, true));
    overTime("ts_of_min_over_time", false, (buf, lo, hi) -> RangeKernels.timestampOfExtreme(buf, lo, hi, false));
    range("mad_over_time", (ev, c) -> new RangeSpec(0, Functions::madKernel, false));
  }

  private static WindowKernel madKernel() {
    double[][] scratch = {new double[64]};
    return (buf, lo, hi, s, e, step, t) -> {
      int n = hi - lo;
      if (scratch[0].length < n) {
        scratch[0] = new double[n * 2];
      }
      double[] a = scratch[0];
      System.arraycopy(buf.vs, lo, a, 0, n);
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(a[i])) {
          return Double.NaN;
        }
      }
      double median = RangeKernels.quantile(0.5, a, n);
      for (int i = 0; i < n; i++) {
        a[i] = Math.abs(buf.vs[lo + i] - median);
      }
      return RangeKernels.quantile(0.5, a, n);
    };
  }

  private static RangeSpec quantileOverTime(Evaluator ev, Call c) {
    double[] q = ev.evalScalar(c.args().get(0));
    for (double v : q) {
      if (Double.isNaN(v) || v < 0 || v > 1) {
        ev.ctx.annotations.warn(quantileWarning(v), c.args().get(0).position());
        break;
      }
    }
    return new RangeSpec(1, () -> {
      double[][] scratch = {new double[64]};
      return (buf, lo, hi, s, e, step, t) -> {
        int n = hi - lo;
        if (scratch[0].length < n) {
          scratch[0] = new double[n * 2];
        }
        System.arraycopy(buf.vs, lo, scratch[0], 0, n);
        return RangeKernels.quantile(q[step], scratch[0], n);
      };
    }, false);
  }

  static String quantileWarning(double q) {
    return "quantile value should be between 0 and 1, got " + GoFloat.formatF(q);
  }

  private static RangeSpec predictLinear(Evaluator ev, Call c) {
    double[] duration = ev.evalScalar(c.args().get(1));
    return new RangeSpec(0, () -> (buf, lo, hi, s, e, step, t) -> {
      if (hi - lo < 2) {
        return StepSeries.ABSENT;
      }
      double[] line = RangeKernels.linearRegression(buf, lo, hi, t);
      return line[1] + line[0] * duration[step];
    }, false);
  }

  private static RangeSpec smooth(Evaluator ev, Call c) {
    double[] sf = ev.evalScalar(c.args().get(1));
    double[] tf = ev.evalScalar(c.args().get(2));
    return new RangeSpec(0, () -> (buf, lo, hi, s, e, step, t) -> {
      if (sf[step] <= 0 || sf[step] >= 1) {
        throw QueryFailure.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFloat.fixed6(sf[step]));
      }
      if (tf[step] <= 0 || tf[step] >= 1) {
        throw QueryFailure.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + GoFloat.fixed6(tf[step]));
      }
      return RangeKernels.smooth(buf, lo, hi, sf[step], tf[step]);
    }, false);
  }

  private static void math(String name, DoubleUnaryOperator f) {
    HANDLERS.put(name, (ev, c) -> mapValues(ev.evalVector(c.args().get(0)), f));
  }

  /** Applies {@code f} to every point; the result drops the metric name. */
  static VectorSteps mapValues(List<StepSeries> in, DoubleUnaryOperator f) {
    for (StepSeries s : in) {
      double[] v = s.values;
      for (int i = 0; i < v.length; i++) {
        if (!StepSeries.isAbsent(v[i])) {
          v[i] = f.applyAsDouble(v[i]);
        }
      }
      s.dropName = true;
    }
    return new VectorSteps(in);
  }

  private static void registerMathFunctions() {
    math("abs", Math::abs);
    math("ceil", Math::ceil);
    math("floor", Math::floor);
    math("exp", Math::exp);
    math("sqrt", Math::sqrt);
    math("ln", Math::log);
    math("log2", Functions::log2);
    math("log10", Math::log10);
    math("sgn", v -> v > 0 ? 1 : v < 0 ? -1 : v);
    math("sin", Math::sin);
    math("cos", Math::cos);
    math("tan", Math::tan);
    math("asin", Math::asin);
    math("acos", Math::acos);
    math("atan", Math::atan);
    math("sinh", Math::sinh);
    math("cosh", Math::cosh);
    math("tanh", Math::tanh);
    math("asinh", Functions::asinh);
    math("acosh", v -> v < 1 ? Double.NaN : Math.log(v + Math.sqrt(v * v - 1)));
    math("atanh", Functions::atanh);
    math("deg", v -> v * (180 / Math.PI));
    math("rad", v -> v * (Math.PI / 180));
    HANDLERS.put("round", Functions::round);
    HANDLERS.put("clamp", Functions::clamp);
    HANDLERS.put("clamp_min", (ev, c) -> clampOneSide(ev, c, true));
    HANDLERS.put("clamp_max", (ev, c) -> clampOneSide(ev, c, false));
  }

  /** As Go's {@code math.Log2}: exact for powers of two. */
  static double log2(double v) {
    if (v > 0 && !Double.isInfinite(v)) {
      int exp = Math.getExponent(v);
      if (exp >= Double.MIN_EXPONENT && v == Math.scalb(1.0, exp)) {
        return exp;
      }
    }
    return Math.log(v) / Math.log(2);
  }

  private static double asinh(double v) {
    if (Double.isInfinite(v) || v == 0) {
      return v;
    }
    double a = Math.abs(v);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    return v < 0 ? -r : r;
  }

  private static double atanh(double v) {
    if (v == 0) {
      return v;
    }
    return 0.5 * Math.log((1 + v) / (1 - v));
  }

  private static StepValue round(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    double[] nearest = c.args().size() > 1 ? ev.evalScalar(c.args().get(1)) : ev.scalar(1).values();
    for (StepSeries s : in) {
      for (int i = 0; i < s.values.length; i++) {
        double v = s.values[i];
        if (!StepSeries.isAbsent(v)) {
          double inverse = 1.0 / nearest[i];
          s.values[i] = Math.floor(v * inverse + 0.5) / inverse;
        }
      }
      s.dropName = true;
    }
    return new VectorSteps(in);
  }

  private static StepValue clamp(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    double[] min = ev.evalScalar(c.args().get(1));
    double[] max = ev.evalScalar(c.args().get(2));
    for (StepSeries s : in) {
      for (int i = 0; i < s.values.length; i++) {
        double v = s.values[i];
        if (!StepSeries.isAbsent(v)) {
          s.values[i] = max[i] < min[i] ? StepSeries.ABSENT : Math.max(min[i], Math.min(max[i], v));
        }
      }
      s.dropName = true;
    }
    return new VectorSteps(dropEmpty(in));
  }

  private static StepValue clampOneSide(Evaluator ev, Call c, boolean isMin) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    double[] bound = ev.evalScalar(c.args().get(1));
    for (StepSeries s : in) {
      for (int i = 0; i < s.values.length; i++) {
        double v = s.values[i];
        if (!StepSeries.isAbsent(v)) {
          s.values[i] = isMin ? Math.max(bound[i], v) : Math.min(bound[i], v);
        }
      }
      s.dropName = true;
    }
    return new VectorSteps(in);
  }

  static List<StepSeries> dropEmpty(List<StepSeries> in) {
    List<StepSeries> out = new ArrayList<>(in.size());
    for (StepSeries s : in) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static void registerOtherFunctions() {
    HANDLERS.put("time", (ev, c) -> times(ev));
    HANDLERS.put("pi", (ev, c) -> ev.scalar(Math.PI));
    HANDLERS.put("vector", Functions::vector);
    HANDLERS.put("scalar", Functions::scalar);
    HANDLERS.put("timestamp", Functions::timestamp);
    HANDLERS.put("absent", Functions::absent);
    HANDLERS.put("start", (ev, c) -> ev.scalar(ev.ctx.queryStart / 1000.0));
    HANDLERS.put("end", (ev, c) -> ev.scalar(ev.ctx.queryEnd / 1000.0));
    HANDLERS.put("step", (ev, c) -> ev.scalar(ev.ctx.queryStep / 1000.0));
    HANDLERS.put("range", (ev, c) -> ev.scalar((ev.ctx.queryEnd - ev.ctx.queryStart) / 1000.0));
    HANDLERS.put("min_of", (ev, c) -> scalarPair(ev, c, Math::min));
    HANDLERS.put("max_of", (ev, c) -> scalarPair(ev, c, Math::max));
  }

  private static ScalarSteps scalarPair(Evaluator ev, Call c, DoubleBinaryOperator f) {
    double[] a = ev.evalScalar(c.args().get(0));
    double[] b = ev.evalScalar(c.args().get(1));
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(a[i], b[i]);
    }
    return new ScalarSteps(out);
  }

  static ScalarSteps times(Evaluator ev) {
    double[] v = new double[ev.grid.steps()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ev.grid.time(i) / 1000.0;
    }
    return new ScalarSteps(v);
  }

  private static StepValue vector(Evaluator ev, Call c) {
    double[] v = ev.evalScalar(c.args().get(0)).clone();
    return new VectorSteps(new ArrayList<>(List.of(new StepSeries(Labels.EMPTY, v, false))));
  }

  private static StepValue scalar(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    double[] out = new double[ev.grid.steps()];
    for (int i = 0; i < out.length; i++) {
      int found = 0;
      double value = Double.NaN;
      for (StepSeries s : in) {
        if (!StepSeries.isAbsent(s.values[i])) {
          found++;
          value = s.values[i];
        }
      }
      out[i] = found == 1 ? value : Double.NaN;
    }
    return new ScalarSteps(out);
  }

  private static StepValue timestamp(Evaluator ev, Call c) {
    Expr arg = RangeFunctions.unwrap(c.args().get(0));
    List<StepSeries> in;
    if (arg instanceof VectorSelector vs) {
      in = new Selectors(ev).instant(vs, true).series();
    } else {
      in = ev.evalVector(arg);
      for (StepSeries s : in) {
        for (int i = 0; i < s.values.length; i++) {
          if (!StepSeries.isAbsent(s.values[i])) {
            s.values[i] = ev.grid.time(i) / 1000.0;
          }
        }
      }
    }
    for (StepSeries s : in) {
      s.dropName = true;
    }
    return new VectorSteps(in);
  }

  private static StepValue absent(Evaluator ev, Call c) {
    List<StepSeries> in = ev.evalVector(c.args().get(0));
    double[] v = new double[ev.grid.steps()];
    boolean any = false;
    for (int i = 0; i < v.length; i++) {
      boolean present = false;
      for (StepSeries s : in) {
        if (!StepSeries.isAbsent(s.values[i])) {
          present = true;
          break;
        }
      }
      v[i] = present ? StepSeries.ABSENT : 1;
      any |= !present;
    }
    if (!any) {
      return new VectorSteps(List.of());
    }
    Labels labels = RangeFunctions.absentLabels(c.args().get(0));
    return new VectorSteps(new ArrayList<>(List.of(new StepSeries(labels, v, false))));
  }
}

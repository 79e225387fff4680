package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.ParenExpr;
import io.watchkeeper.query.parser.VectorSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Evaluates functions over a range vector: each series is loaded once and its window slid across
 * the steps with two forward-only indices; the series are split across the query's threads.
 */
final class RangeFunctions {
  private RangeFunctions() {}

  /** Series per batch when an aggregation consumes a range function's results as they come. */
  static final int BATCH_SERIES = 4096;

  /** Applies a range-vector function to every series of its range-vector argument. */
  static VectorSteps evaluate(Evaluator ev, Call call, RangeSpec spec) {
    List<StepSeries> result = new ArrayList<>();
    stream(ev, call, spec, Integer.MAX_VALUE, result::addAll);
    return new VectorSteps(result);
  }

  /**
   * Applies a range-vector function and hands the results to {@code sink} in input order, {@code
   * batch} series at a time; each batch is computed on the query's threads. A consumer that folds
   * the batches (an aggregation) holds only one batch's results at once instead of all of them.
   */
  static void stream(Evaluator ev, Call call, RangeSpec spec, int batch, Consumer<List<StepSeries>> sink) {
    RangeInput in = RangeInput.of(ev, call.args().get(spec.argIndex()), call.function().name() + "()");
    int steps = in.steps();
    for (int first = 0; first < in.size(); first += batch) {
      int base = first;
      int size = Math.min(batch, in.size() - first);
      StepSeries[] out = new StepSeries[size];
      ev.ctx.parallelFor(size, (from, to) -> {
        WindowKernel kernel = spec.kernels().get();
        in.forEachSeries(base + from, base + to, (index, buf) -> {
          double[] values = slide(ev, in, buf, kernel);
          if (values != null) {
            ev.ctx.acquire(steps);
            out[index - base] = new StepSeries(buf.labels, values, buf.dropName || !spec.keepName());
          }
        });
      });
      List<StepSeries> result = new ArrayList<>(out.length);
      for (StepSeries s : out) {
        if (s != null) {
          result.add(s);
        }
      }
      sink.accept(result);
    }
  }

  /** One series' values at every step; null when no step has a value. */
  private static double[] slide(Evaluator ev, RangeInput in, SampleBuffer buf, WindowKernel kernel) {
    if (buf.n == 0) {
      return null;
    }
    kernel.prepare(buf);
    int steps = in.steps();
    double[] values = new double[steps];
    long range = in.rangeMillis();
    boolean any = false;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < steps; i++) {
      long end = in.windowEnd(i);
      long start = end - range;
      long exclusiveStart = in.windowExclusiveStart(i);
      while (hi < buf.n && buf.ts[hi] <= end) {
        hi++;
      }
      while (lo < hi && buf.ts[lo] <= exclusiveStart) {
        lo++;
      }
      double v = hi > lo ? kernel.apply(buf, lo, hi, start, end, i, ev.grid.time(i)) : StepSeries.ABSENT;
      values[i] = v;
      any |= !StepSeries.isAbsent(v);
    }
    return any ? values : null;
  }

  /** {@code absent_over_time(v[r])}: 1 at the steps where no series has a sample in the window. */
  static VectorSteps absentOverTime(Evaluator ev, Call call) {
    RangeInput in = RangeInput.of(ev, call.args().get(0), call.function().name() + "()");
    int steps = in.steps();
    boolean[] present = new boolean[steps];
    in.forEachSeries(0, in.size(), (index, buf) -> {
      int lo = 0;
      int hi = 0;
      for (int i = 0; i < steps; i++) {
        long end = in.windowEnd(i);
        while (hi < buf.n && buf.ts[hi] <= end) {
          hi++;
        }
        while (lo < hi && buf.ts[lo] <= in.windowExclusiveStart(i)) {
          lo++;
        }
        present[i] |= hi > lo;
      }
    });
    double[] values = new double[steps];
    boolean any = false;
    for (int i = 0; i < steps; i++) {
      values[i] = present[i] ? StepSeries.ABSENT : 1;
      any |= !present[i];
    }
    if (!any) {
      return new VectorSteps(List.of());
    }
    Expr arg = call.args().get(0);
    Labels labels = arg instanceof MatrixSelector m ? absentLabels(m.selector()) : Labels.EMPTY;
    return new VectorSteps(new ArrayList<>(List.of(new StepSeries(labels, values, false))));
  }

  /**
   * The labels {@code absent} gives its output: the equality matchers of the selector, except a
   * label matched more than once (Prometheus' historic behaviour).
   */
  static Labels absentLabels(Expr e) {
    if (!(e instanceof VectorSelector vs)) {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    Set<String> seen = new HashSet<>();
    for (Matcher m : vs.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == MatchType.EQUAL && seen.add(m.name())) {
        b.set(m.name(), m.value());
      } else {
        b.delete(m.name());
      }
    }
    return b.build();
  }

  static Expr unwrap(Expr e) {
    Expr x = e;
    while (x instanceof ParenExpr p) {
      x = p.expr();
    }
    return x;
  }
}

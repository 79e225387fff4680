package io.watchkeeper.query.engine;

import io.watchkeeper.model.GoFloat;
import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.StepValue.StringSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.AggregateExpr;
import io.watchkeeper.query.parser.AggregateOp;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One aggregation ({@code sum by (job) (...)} and friends) over every step: series are assigned
 * to groups once (by hashing their grouping labels) and then folded step by step into the group's
 * {@link Accumulator}, or, for {@code topk}/{@code bottomk}/{@code limitk}/{@code quantile}/{@code
 * count_values}, selected per step. Not thread-safe.
 */
final class Aggregation {
  private final Evaluator ev;
  private final AggregateExpr expr;
  private final int steps;

  Aggregation(Evaluator ev, AggregateExpr expr) {
    this.ev = ev;
    this.expr = expr;
    this.steps = ev.grid.steps();
  }

  StepValue evaluate() {
    return switch (expr.op()) {
      case TOPK, BOTTOMK, LIMITK -> selectK();
      case LIMIT_RATIO -> limitRatio();
      case QUANTILE -> quantile();
      case COUNT_VALUES -> countValues();
      default -> fold();
    };
  }

  private GroupIndex index() {
    return new GroupIndex(expr.grouping(), expr.without());
  }

  /** {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max}, {@code group}, {@code stddev}, {@code stdvar}. */
  private VectorSteps fold() {
    GroupIndex index = index();
    List<Accumulator> accs = new ArrayList<>();
    // Per group: whether a member's name is to be dropped. Set without a branch: the flag is the
    // same for all series of a query, and compiled code should not depend on which it was.
    boolean[][] dropNames = {new boolean[8]};
    forEachInputBatch(batch -> {
      for (int k = 0; k < batch.size(); k++) {
        if ((k & 1023) == 0) {
          ev.ctx.checkDeadline();
        }
        StepSeries s = batch.get(k);
        int g = index.groupOf(s.labels);
        if (g == accs.size()) {
          accs.add(Accumulator.of(expr.op(), steps));
          if (g == dropNames[0].length) {
            dropNames[0] = Arrays.copyOf(dropNames[0], g * 2);
          }
          ev.ctx.acquire(steps);
        }
        dropNames[0][g] |= s.dropName;
        Accumulator acc = accs.get(g);
        double[] v = s.values;
        for (int i = 0; i < steps; i++) {
          if (!StepSeries.isAbsent(v[i])) {
            acc.add(i, v[i]);
          }
        }
      }
    });
    List<StepSeries> out = new ArrayList<>(accs.size());
    for (int g = 0; g < accs.size(); g++) {
      double[] values = new double[steps];
      Accumulator acc = accs.get(g);
      for (int i = 0; i < steps; i++) {
        values[i] = acc.result(i);
      }
      out.add(new StepSeries(index.groupLabels(g), values, index.keepsMetricName() && dropNames[0][g]));
    }
    return new VectorSteps(out);
  }

  /**
   * Hands the aggregated expression's series to {@code sink}. A selector or a range-vector
   * function is streamed in batches (the fusion that keeps {@code sum(rate(x[5m]))} from
   * holding every input series at every step); anything else is evaluated whole. Batches come in
   * input order, so sums add up exactly as without streaming.
   */
  private void forEachInputBatch(Consumer<List<StepSeries>> sink) {
    Expr arg = RangeFunctions.unwrap(expr.expr());
    Consumer<List<StepSeries>> releasing = batch -> {
      sink.accept(batch);
      ev.ctx.release((long) batch.size() * steps);
    };
    if (arg instanceof VectorSelector vs) {
      new Selectors(ev).stream(vs, false, RangeFunctions.BATCH_SERIES, releasing);
      return;
    }
    RangeSpec spec = arg instanceof Call c ? Functions.rangeSpec(ev, c) : null;
    if (spec != null) {
      RangeFunctions.stream(ev, (Call) arg, spec, RangeFunctions.BATCH_SERIES, releasing);
      return;
    }
    sink.accept(ev.evalVector(expr.expr()));
  }

  private double[] param() {
    return ev.evalScalar(expr.param().orElseThrow(() -> new IllegalStateException("BUG: " + expr.op() + " without parameter")));
  }

  /** Members of each group, in input order. */
  private List<List<StepSeries>> groups(List<StepSeries> in) {
    GroupIndex index = index();
    List<List<StepSeries>> groups = new ArrayList<>();
    for (StepSeries s : in) {
      int g = index.groupOf(s.labels);
      if (g == groups.size()) {
        groups.add(new ArrayList<>());
      }
      groups.get(g).add(s);
    }
    return groups;
  }

  /** {@code topk}, {@code bottomk}, {@code limitk}: up to k series per group and step, labels kept. */
  private VectorSteps selectK() {
    double[] k = param();
    List<StepSeries> in = ev.evalVector(expr.expr());
    for (double v : k) {
      if (Double.isNaN(v)) {
        throw QueryFailure.execution("Parameter value is NaN");
      }
      if (v >= 0x1p63 || v < -0x1p63) {
        throw QueryFailure.execution("Scalar value " + GoFloat.formatF(v) + " overflows int64");
      }
    }
    Map<StepSeries, double[]> selected = new LinkedHashMap<>();
    List<StepSeries> order = new ArrayList<>();
    for (List<StepSeries> group : groups(in)) {
      for (int i = 0; i < steps; i++) {
        long limit = (long) k[i];
        if (limit < 1) {
          continue;
        }
        for (StepSeries s : pick(group, i, limit)) {
          double[] values = selected.computeIfAbsent(s, x -> {
            order.add(x);
            double[] v = new double[steps];
            Arrays.fill(v, StepSeries.ABSENT);
            return v;
          });
          values[i] = s.values[i];
        }
      }
    }
    List<StepSeries> out = new ArrayList<>(order.size());
    for (StepSeries s : order) {
      out.add(new StepSeries(s.labels, selected.get(s), s.dropName));
    }
    return new VectorSteps(out);
  }

  /** The series of one group chosen at step {@code i}, in output order. */
  private List<StepSeries> pick(List<StepSeries> group, int i, long limit) {
    List<StepSeries> present = new ArrayList<>();
    for (StepSeries s : group) {
      if (!StepSeries.isAbsent(s.values[i])) {
        present.add(s);
      }
    }
    if (expr.op() != AggregateOp.LIMITK) {
      boolean top = expr.op() == AggregateOp.TOPK;
      Comparator<StepSeries> cmp = (a, b) -> {
        double x = a.values[i];
        double y = b.values[i];
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
          return Boolean.compare(nx, ny); // NaN is never preferred
        }
        return top ? Double.compare(y, x) : Double.compare(x, y);
      };
      present.sort(cmp);
    }
    return present.size() > limit ? present.subList(0, (int) limit) : present;
  }

  /** {@code limit_ratio(r, v)}: a stable sample of each group chosen by the series' label hash. */
  private VectorSteps limitRatio() {
    double[] r = param();
    List<StepSeries> in = ev.evalVector(expr.expr());
    for (double v : r) {
      if (Double.isNaN(v)) {
        throw QueryFailure.execution("Ratio value is NaN");
      }
    }
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in) {
      double position = (s.labels.stableHash() >>> 11) * 0x1.0p-53;
      double[] values = new double[steps];
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        double ratio = Math.max(-1, Math.min(1, r[i]));
        boolean keep = ratio >= 0 ? position < ratio : position >= 1 + ratio;
        values[i] = keep ? s.values[i] : StepSeries.ABSENT;
        any |= keep && !StepSeries.isAbsent(s.values[i]);
      }
      if (any) {
        out.add(new StepSeries(s.labels, values, s.dropName));
      }
    }
    return new VectorSteps(out);
  }

  private VectorSteps quantile() {
    double[] q = param();
    for (double v : q) {
      if (Double.isNaN(v) || v < 0 || v > 1) {
        ev.ctx.annotations.warn(Functions.quantileWarning(v), expr.param().orElseThrow().position());
        break;
      }
    }
    List<StepSeries> in = ev.evalVector(expr.expr());
    GroupIndex index = index();
    List<List<StepSeries>> groups = new ArrayList<>();
    List<Boolean> dropNames = new ArrayList<>();
    for (StepSeries s : in) {
      int g = index.groupOf(s.labels);
      if (g == groups.size()) {
        groups.add(new ArrayList<>());
        dropNames.add(false);
      }
      groups.get(g).add(s);
      dropNames.set(g, dropNames.get(g) || s.dropName);
    }
    List<StepSeries> out = new ArrayList<>();
    double[] scratch = new double[16];
    for (int g = 0; g < groups.size(); g++) {
      List<StepSeries> members = groups.get(g);
      if (scratch.length < members.size()) {
        scratch = new double[members.size()];
      }
      double[] values = new double[steps];
      for (int i = 0; i < steps; i++) {
        int n = 0;
        for (StepSeries s : members) {
          if (!StepSeries.isAbsent(s.values[i])) {
            scratch[n++] = s.values[i];
          }
        }
        values[i] = n == 0 ? StepSeries.ABSENT : RangeKernels.quantile(q[i], scratch, n);
      }
      out.add(new StepSeries(index.groupLabels(g), values, index.keepsMetricName() && dropNames.get(g)));
    }
    return new VectorSteps(out);
  }

  /** {@code count_values("label", v)}: per group, how many series have each value. */
  private VectorSteps countValues() {
    StepValue p = ev.eval(expr.param().orElseThrow());
    if (!(p instanceof StringSteps label)) {
      throw new IllegalStateException("BUG: count_values needs a string parameter");
    }
    if (!Labels.isValidLabelName(label.value())) {
      throw QueryFailure.execution("invalid label name \"" + label.value() + "\"");
    }
    List<StepSeries> in = ev.evalVector(expr.expr());
    GroupIndex index = index();
    Map<Labels, double[]> counts = new LinkedHashMap<>();
    for (StepSeries s : in) {
      Labels group = index.groupLabels(index.groupOf(s.labels));
      for (int i = 0; i < steps; i++) {
        if (StepSeries.isAbsent(s.values[i])) {
          continue;
        }
        Labels key = group.toBuilder().set(label.value(), GoFloat.formatF(s.values[i])).build();
        double[] c = counts.computeIfAbsent(key, x -> {
          double[] v = new double[steps];
          Arrays.fill(v, StepSeries.ABSENT);
          return v;
        });
        c[i] = StepSeries.isAbsent(c[i]) ? 1 : c[i] + 1;
      }
    }
    List<StepSeries> out = new ArrayList<>();
    counts.forEach((labels, values) -> out.add(new StepSeries(labels, values, false)));
    return new VectorSteps(out);
  }
}

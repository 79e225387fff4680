package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms (series with
 * an {@code le} label), with Prometheus' bucket sorting, coalescing and monotonicity fix. The
 * native-histogram functions ({@code histogram_count}, ...) return nothing for float series.
 */
final class HistogramFunctions {
  /** Differences below this relative size between buckets are floating-point noise. */
  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private HistogramFunctions() {}

  static void register(Map<String, Functions.Handler> handlers) {
    handlers.put("histogram_quantile", HistogramFunctions::quantile);
    handlers.put("histogram_fraction", HistogramFunctions::fraction);
    handlers.put("histogram_quantiles", HistogramFunctions::quantiles);
    for (String name : List.of("histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar")) {
      handlers.put(name, (ev, c) -> {
        ev.evalVector(c.args().get(0));
        return new VectorSteps(List.of());
      });
    }
  }

  /** The buckets of one histogram (series sharing all labels but {@code le}). */
  private static final class Group {
    final Labels output;
    final List<StepSeries> members = new ArrayList<>();
    final List<Double> bounds = new ArrayList<>();

    Group(Labels output) {
      this.output = output;
    }
  }

  private static Map<Labels, Group> group(Evaluator ev, Expr arg) {
    Map<Labels, Group> groups = new LinkedHashMap<>();
    for (StepSeries s : ev.evalVector(arg)) {
      String le = s.labels.get("le");
      double bound;
      try {
        bound = GoFormat.parseFloat(le);
      } catch (NumberFormatException e) {
        ev.ctx.annotations.warn(
            "bucket label \"le\" is missing or has a malformed value of \"" + le + "\" for metric name \""
                + s.labels.metricName() + "\"",
            arg.position());
        continue;
      }
      Labels key = s.labels.toBuilder().delete("le").build();
      Group g = groups.computeIfAbsent(key, k -> new Group(k.withoutMetricName()));
      g.members.add(s);
      g.bounds.add(bound);
    }
    return groups;
  }

  private static StepValue quantile(Evaluator ev, Call c) {
    double[] q = ev.evalScalar(c.args().get(0));
    warnIfOutOfRange(ev, q, c.args().get(0));
    Expr arg = c.args().get(1);
    List<StepSeries> out = new ArrayList<>();
    for (Group g : group(ev, arg).values()) {
      double[] values = new double[ev.grid.steps()];
      boolean any = false;
      for (int i = 0; i < values.length; i++) {
        Buckets b = Buckets.at(g, i);
        if (b == null) {
          values[i] = StepSeries.ABSENT;
          continue;
        }
        values[i] = b.quantile(q[i]);
        any = true;
        if (b.forcedMonotonic) {
          ev.ctx.annotations.info(monotonicityInfo(g), arg.position());
        }
      }
      if (any) {
        out.add(new StepSeries(g.output, values, true));
      }
    }
    return new VectorSteps(out);
  }

  /**
   * {@code histogram_quantiles(v, "label", q1, q2, ...)} (experimental): one series per histogram
   * and quantile, the quantile written into {@code label}.
   */
  private static StepValue quantiles(Evaluator ev, Call c) {
    Expr arg = c.args().get(0);
    String label = ((StepValue.StringSteps) ev.eval(c.args().get(1))).value();
    List<double[]> qs = new ArrayList<>();
    for (int k = 2; k < c.args().size(); k++) {
      double[] q = ev.evalScalar(c.args().get(k));
      warnIfOutOfRange(ev, q, c.args().get(k));
      qs.add(q);
    }
    List<StepSeries> out = new ArrayList<>();
    for (Group g : group(ev, arg).values()) {
      for (double[] q : qs) {
        double[] values = new double[ev.grid.steps()];
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
          Buckets b = Buckets.at(g, i);
          values[i] = b == null ? StepSeries.ABSENT : b.quantile(q[i]);
          any |= b != null;
          if (b != null && b.forcedMonotonic) {
            ev.ctx.annotations.info(monotonicityInfo(g), arg.position());
          }
        }
        if (any) {
          // Java's shortest repr prints 0.5 as "0.5" and 1 as "1.0", as Prometheus labels them.
          out.add(new StepSeries(g.output.toBuilder().set(label, Double.toString(q[0])).build(), values, true));
        }
      }
    }
    return new VectorSteps(out);
  }

  private static void warnIfOutOfRange(Evaluator ev, double[] q, Expr at) {
    for (double v : q) {
      if (Double.isNaN(v) || v < 0 || v > 1) {
        ev.ctx.annotations.warn(Functions.quantileWarning(v), at.position());
        return;
      }
    }
  }

  private static String monotonicityInfo(Group g) {
    return "input to histogram_quantile needed to be fixed for monotonicity (see "
        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \""
        + g.members.get(0).labels.metricName() + "\"";
  }

  private static StepValue fraction(Evaluator ev, Call c) {
    double[] lower = ev.evalScalar(c.args().get(0));
    double[] upper = ev.evalScalar(c.args().get(1));
    List<StepSeries> out = new ArrayList<>();
    for (Group g : group(ev, c.args().get(2)).values()) {
      double[] values = new double[ev.grid.steps()];
      boolean any = false;
      for (int i = 0; i < values.length; i++) {
        Buckets b = Buckets.at(g, i);
        values[i] = b == null ? StepSeries.ABSENT : b.fraction(lower[i], upper[i]);
        any |= b != null;
      }
      if (any) {
        out.add(new StepSeries(g.output, values, true));
      }
    }
    return new VectorSteps(out);
  }

  /** One histogram's buckets at one step, sorted by upper bound. */
  private static final class Buckets {
    double[] bounds;
    double[] counts;
    int n;
    boolean forcedMonotonic;

    /** The buckets of a group at step {@code i}, or null if none has a value. */
    static Buckets at(Group g, int step) {
      int size = g.members.size();
      Integer[] order = new Integer[size];
      int n = 0;
      for (int k = 0; k < size; k++) {
        if (!StepSeries.isAbsent(g.members.get(k).values[step])) {
          order[n++] = k;
        }
      }
      if (n == 0) {
        return null;
      }
      Integer[] present = Arrays.copyOf(order, n);
      Arrays.sort(present, (a, b) -> Double.compare(g.bounds.get(a), g.bounds.get(b)));
      Buckets bs = new Buckets();
      bs.bounds = new double[n];
      bs.counts = new double[n];
      for (int k = 0; k < n; k++) {
        bs.bounds[k] = g.bounds.get(present[k]);
        bs.counts[k] = g.members.get(present[k]).values[step];
      }
      bs.n = n;
      return bs;
    }

    /** Merges buckets with the same bound (they come from series that differ only in {@code le} spelling). */
    private void coalesce() {
      int i = 0;
      for (int k = 1; k < n; k++) {
        if (bounds[k] == bounds[i]) {
          counts[i] += counts[k];
        } else {
          i++;
          bounds[i] = bounds[k];
          counts[i] = counts[k];
        }
      }
      n = i + 1;
    }

    /** Removes decreases between buckets, ignoring float noise (Prometheus' ensureMonotonic...). */
    private void ensureMonotonic() {
      double prev = counts[0];
      for (int i = 1; i < n; i++) {
        double curr = counts[i];
        if (curr == prev) {
          continue;
        }
        if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
          counts[i] = prev;
          continue;
        }
        if (curr < prev) {
          counts[i] = prev;
          forcedMonotonic = true;
          continue;
        }
        prev = curr;
      }
    }

    double quantile(double q) {
      if (Double.isNaN(q)) {
        return Double.NaN;
      }
      if (q < 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (q > 1) {
        return Double.POSITIVE_INFINITY;
      }
      if (bounds[n - 1] != Double.POSITIVE_INFINITY) {
        return Double.NaN;
      }
      coalesce();
      ensureMonotonic();
      if (n < 2) {
        return Double.NaN;
      }
      double observations = counts[n - 1];
      if (observations == 0) {
        return Double.NaN;
      }
      double rank = q * observations;
      int b = 0;
      while (b < n - 1 && counts[b] < rank) {
        b++;
      }
      if (b == n - 1) {
        return bounds[n - 2];
      }
      if (b == 0 && bounds[0] <= 0) {
        return bounds[0];
      }
      double bucketStart = 0;
      double bucketEnd = bounds[b];
      double count = counts[b];
      if (b > 0) {
        bucketStart = bounds[b - 1];
        count -= counts[b - 1];
        rank -= counts[b - 1];
      }
      return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    double fraction(double lower, double upper) {
      if (bounds[n - 1] != Double.POSITIVE_INFINITY) {
        return Double.NaN;
      }
      coalesce();
      double total = counts[n - 1];
      if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
        return Double.NaN;
      }
      if (lower >= upper) {
        return 0;
      }
      return (rankAt(upper) - rankAt(lower)) / total;
    }

    /** Observations estimated at or below {@code v}, interpolating linearly inside a bucket. */
    private double rankAt(double v) {
      double prevBound = Double.NEGATIVE_INFINITY;
      double prevCount = 0;
      for (int i = 0; i < n; i++) {
        double lowerBound = i == 0 ? (bounds[0] > 0 ? 0 : Double.NEGATIVE_INFINITY) : prevBound;
        if (v <= lowerBound) {
          return prevCount;
        }
        if (v < bounds[i]) {
          if (Double.isInfinite(lowerBound) || Double.isInfinite(bounds[i])) {
            return i == n - 1 && Double.isInfinite(bounds[i]) ? prevCount : counts[i];
          }
          return prevCount + (counts[i] - prevCount) * (v - lowerBound) / (bounds[i] - lowerBound);
        }
        prevBound = bounds[i];
        prevCount = counts[i];
      }
      return counts[n - 1];
    }
  }

  /** Prometheus' {@code almost.Equal}. */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double minNormal = Double.MIN_NORMAL;
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < minNormal) {
      return diff < epsilon * minNormal;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}

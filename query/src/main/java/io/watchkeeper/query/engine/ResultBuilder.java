package io.watchkeeper.query.engine;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.StringValue;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.engine.StepValue.MatrixSteps;
import io.watchkeeper.query.engine.StepValue.ScalarSteps;
import io.watchkeeper.query.engine.StepValue.StringSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the evaluator's step values into the API's result types. This is where delayed name
 * removal ends: names marked for dropping are removed, and two series left with the same labels
 * at the same step are an error, as in Prometheus.
 */
final class ResultBuilder {
  private static final String DUPLICATE = "vector cannot contain metrics with the same labelset";

  private ResultBuilder() {}

  /** The value of an instant query at {@code t}. */
  static QueryValue instant(StepValue v, long t) {
    return switch (v) {
      case ScalarSteps s -> new Scalar(t, s.values()[0]);
      case StringSteps s -> new StringValue(t, s.value());
      case MatrixSteps m -> new Matrix(m.series());
      case VectorSteps vs -> vector(vs.series(), t);
    };
  }

  private static Vector vector(List<StepSeries> series, long t) {
    List<Sample> out = new ArrayList<>(series.size());
    Set<Labels> seen = new HashSet<>();
    for (StepSeries s : series) {
      double v = s.values[0];
      FloatHistogram h = s.histogram(0);
      if (StepSeries.isAbsent(v) && h == null) {
        continue;
      }
      Labels labels = s.outputLabels();
      if (!seen.add(labels)) {
        throw QueryFailure.execution(DUPLICATE);
      }
      out.add(h == null ? new Sample(labels, t, v) : Sample.ofHistogram(labels, t, h));
    }
    return new Vector(out);
  }

  /** The matrix of a range query over {@code grid}: one series per label set, sorted by labels. */
  static Matrix range(StepValue v, Grid grid) {
    return switch (v) {
      case ScalarSteps s -> new Matrix(List.of(series(Labels.EMPTY, s.values(), grid)));
      case VectorSteps vs -> {
        StepSeries.rejectHistograms(vs.series(), "range queries yet");
        yield new Matrix(merge(vs.series(), grid));
      }
      case StringSteps s -> throw QueryFailure.execution("invalid expression type \"string\" for range query, must be Scalar or instant Vector");
      case MatrixSteps m -> throw QueryFailure.execution("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    };
  }

  private static List<RangeSeries> merge(List<StepSeries> series, Grid grid) {
    Map<Labels, double[]> byLabels = new LinkedHashMap<>();
    for (StepSeries s : series) {
      Labels labels = s.outputLabels();
      double[] target = byLabels.get(labels);
      if (target == null) {
        byLabels.put(labels, s.values);
        continue;
      }
      for (int i = 0; i < target.length; i++) {
        if (!StepSeries.isAbsent(s.values[i])) {
          if (!StepSeries.isAbsent(target[i])) {
            throw QueryFailure.execution(DUPLICATE);
          }
          target[i] = s.values[i];
        }
      }
    }
    List<RangeSeries> out = new ArrayList<>(byLabels.size());
    byLabels.forEach((labels, values) -> {
      RangeSeries r = series(labels, values, grid);
      if (r.size() > 0) {
        out.add(r);
      }
    });
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return out;
  }

  /** The present steps of {@code values} (which it may keep: step arrays belong to the result). */
  private static RangeSeries series(Labels labels, double[] values, Grid grid) {
    int n = 0;
    for (double v : values) {
      if (!StepSeries.isAbsent(v)) {
        n++;
      }
    }
    long[] ts = new long[n];
    double[] vs = n == values.length ? values : new double[n];
    for (int i = 0, j = 0; j < n; i++) {
      if (!StepSeries.isAbsent(values[i])) {
        ts[j] = grid.time(i);
        vs[j] = values[i];
        j++;
      }
    }
    return new RangeSeries(labels, ts, vs);
  }
}

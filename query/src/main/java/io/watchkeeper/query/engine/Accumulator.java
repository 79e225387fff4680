package io.watchkeeper.query.engine;

import io.watchkeeper.query.parser.AggregateOp;

/**
 * The running value of one aggregation group at every step, for the operators that need no more
 * than a few numbers per step ({@code sum}, {@code avg}, {@code count}, {@code min}, {@code max},
 * {@code group}, {@code stddev}, {@code stdvar}). Arithmetic follows Prometheus 3 (Kahan sums,
 * incremental mean on overflow, NaN handling of min and max). Not thread-safe.
 */
abstract class Accumulator {
  final double[] value;
  final int[] count;

  Accumulator(int steps) {
    value = new double[steps];
    count = new int[steps];
  }

  static Accumulator of(AggregateOp op, int steps) {
    return switch (op) {
      case SUM -> new SumAcc(steps);
      case AVG -> new AvgAcc(steps);
      case COUNT -> new Fixed(steps, false);
      case GROUP -> new Fixed(steps, true);
      case MIN -> new MinMax(steps, false);
      case MAX -> new MinMax(steps, true);
      case STDDEV -> new Variance(steps, true);
      case STDVAR -> new Variance(steps, false);
      default -> throw new IllegalStateException("BUG: no accumulator for " + op);
    };
  }

  /** Adds one series' value at one step. */
  final void add(int step, double v) {
    if (count[step]++ == 0) {
      first(step, v);
    } else {
      next(step, v);
    }
  }

  abstract void first(int step, double v);

  abstract void next(int step, double v);

  /** The group's value at a step, or {@link StepSeries#ABSENT} if no series had one. */
  final double result(int step) {
    return count[step] == 0 ? StepSeries.ABSENT : finish(step);
  }

  abstract double finish(int step);

  private static final class SumAcc extends Accumulator {
    private final double[] c;

    SumAcc(int steps) {
      super(steps);
      c = new double[steps];
    }

    @Override
    void first(int step, double v) {
      value[step] = v;
    }

    @Override
    void next(int step, double v) {
      c[step] = Kahan.compensation(v, value[step], c[step]);
      value[step] += v;
    }

    @Override
    double finish(int step) {
      return value[step] + c[step];
    }
  }

  private static final class AvgAcc extends Accumulator {
    private final double[] c;
    private final double[] mean;
    private final boolean[] incremental;

    AvgAcc(int steps) {
      super(steps);
      c = new double[steps];
      mean = new double[steps];
      incremental = new boolean[steps];
    }

    @Override
    void first(int step, double v) {
      value[step] = v;
    }

    @Override
    void next(int step, double v) {
      double n = count[step];
      if (!incremental[step]) {
        double newC = Kahan.compensation(v, value[step], c[step]);
        double newSum = value[step] + v;
        if (!Double.isInfinite(newSum)) {
          value[step] = newSum;
          c[step] = newC;
          return;
        }
        // The sum would overflow: continue with an incremental mean instead.
        incremental[step] = true;
        mean[step] = value[step] / (n - 1);
        c[step] /= n - 1;
      }
      double current = mean[step] + c[step];
      if (Double.isInfinite(current)) {
        if (Double.isInfinite(v) && (current > 0) == (v > 0)) {
          return;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          return;
        }
      }
      double inc = v / n - current / n;
      c[step] = Kahan.compensation(inc, mean[step], c[step]);
      mean[step] += inc;
    }

    @Override
    double finish(int step) {
      if (incremental[step]) {
        return mean[step] + c[step];
      }
      return (value[step] + c[step]) / count[step];
    }
  }

  /** {@code count} (the number of series) or {@code group} (always 1). */
  private static final class Fixed extends Accumulator {
    private final boolean one;

    Fixed(int steps, boolean one) {
      super(steps);
      this.one = one;
    }

    @Override
    void first(int step, double v) {}

    @Override
    void next(int step, double v) {}

    @Override
    double finish(int step) {
      return one ? 1 : count[step];
    }
  }

  private static final class MinMax extends Accumulator {
    private final boolean max;

    MinMax(int steps, boolean max) {
      super(steps);
      this.max = max;
    }

    @Override
    void first(int step, double v) {
      value[step] = v;
    }

    @Override
    void next(int step, double v) {
      double cur = value[step];
      if ((max ? cur < v : cur > v) || Double.isNaN(cur)) {
        value[step] = v;
      }
    }

    @Override
    double finish(int step) {
      return value[step];
    }
  }

  private static final class Variance extends Accumulator {
    private final boolean sqrt;
    private final double[] mean;

    Variance(int steps, boolean sqrt) {
      super(steps);
      this.sqrt = sqrt;
      mean = new double[steps];
    }

    @Override
    void first(int step, double v) {
      mean[step] = v;
      value[step] = Double.isNaN(v) || Double.isInfinite(v) ? Double.NaN : 0;
    }

    @Override
    void next(int step, double v) {
      double delta = v - mean[step];
      mean[step] += delta / count[step];
      value[step] += delta * (v - mean[step]);
    }

    @Override
    double finish(int step) {
      double variance = value[step] / count[step];
      return sqrt ? Math.sqrt(variance) : variance;
    }
  }
}

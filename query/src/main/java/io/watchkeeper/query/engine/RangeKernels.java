package io.watchkeeper.query.engine;

import java.util.Arrays;

/**
 * The range-vector functions' arithmetic, written to match Prometheus 3 bit for bit where it
 * matters (extrapolation, Kahan sums, NaN ordering). Each kernel is a small class or lambda.
 */
final class RangeKernels {
  private RangeKernels() {}

  /** {@code rate}, {@code increase}, {@code delta}: Prometheus' {@code extrapolatedRate}. */
  static final class ExtrapolatedRate implements WindowKernel {
    private final boolean counter;
    private final boolean rate;
    private final long rangeMillis;
    private final boolean prometheus2;
    private int[] resets = new int[16];
    private int resetCount;

    ExtrapolatedRate(boolean counter, boolean rate, long rangeMillis, boolean prometheus2) {
      this.counter = counter;
      this.rate = rate;
      this.rangeMillis = rangeMillis;
      this.prometheus2 = prometheus2;
    }

    /** Counter resets are rare: remember where they are so each window adds only its own. */
    @Override
    public void prepare(SampleBuffer buf) {
      resetCount = 0;
      if (!counter) {
        return;
      }
      for (int i = 1; i < buf.n; i++) {
        if (buf.vs[i] < buf.vs[i - 1]) {
          if (resetCount == resets.length) {
            resets = Arrays.copyOf(resets, resetCount * 2);
          }
          resets[resetCount++] = i;
        }
      }
    }

    @Override
    public double apply(SampleBuffer buf, int lo, int hi, long start, long end, int step, long evalTime) {
      if (hi - lo < 2) {
        return StepSeries.ABSENT;
      }
      int last = hi - 1;
      double first = buf.vs[lo];
      double result = buf.vs[last] - first;
      if (counter && resetCount > 0) {
        int r = Arrays.binarySearch(resets, 0, resetCount, lo + 1);
        for (r = r < 0 ? -r - 1 : r; r < resetCount && resets[r] < hi; r++) {
          result += buf.vs[resets[r] - 1];
        }
      }
      long firstT = buf.ts[lo];
      long lastT = buf.ts[last];
      double durationToStart = (firstT - start) / 1000.0;
      double durationToEnd = (end - lastT) / 1000.0;
      double sampledInterval = (lastT - firstT) / 1000.0;
      double averageBetween = sampledInterval / (hi - lo - 1);
      double threshold = averageBetween * 1.1;
      if (prometheus2) {
        return result * prometheus2Factor(durationToStart, durationToEnd, sampledInterval, averageBetween, first, result);
      }
      if (durationToStart >= threshold) {
        durationToStart = averageBetween / 2;
      }
      if (counter && result > 0 && first >= 0) {
        // Counters cannot go below zero: don't extrapolate past where this one would reach it.
        double durationToZero = sampledInterval * (first / result);
        if (durationToZero < durationToStart) {
          durationToStart = durationToZero;
        }
      }
      if (durationToEnd >= threshold) {
        durationToEnd = averageBetween / 2;
      }
      double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
      if (rate) {
        factor /= rangeMillis / 1000.0;
      }
      return result * factor;
    }

    /** Prometheus 2.x: the zero-point bound applies before the gap check. */
    private double prometheus2Factor(
        double durationToStart, double durationToEnd, double sampledInterval, double averageBetween, double first, double result) {
      double toStart = durationToStart;
      if (counter && result > 0 && first >= 0) {
        toStart = Math.min(toStart, sampledInterval * (first / result));
      }
      double threshold = averageBetween * 1.1;
      double interval = sampledInterval;
      interval += toStart < threshold ? toStart : averageBetween / 2;
      interval += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
      double factor = interval / sampledInterval;
      return rate ? factor / (rangeMillis / 1000.0) : factor;
    }
  }

  /** {@code irate} and {@code idelta}: the last two samples. */
  static WindowKernel instantDelta(boolean rate) {
    return (buf, lo, hi, start, end, step, evalTime) -> {
      if (hi - lo < 2) {
        return StepSeries.ABSENT;
      }
      double last = buf.vs[hi - 1];
      double prev = buf.vs[hi - 2];
      long interval = buf.ts[hi - 1] - buf.ts[hi - 2];
      if (interval == 0) {
        return StepSeries.ABSENT;
      }
      double result = rate && last < prev ? last : last - prev;
      return rate ? result / (interval / 1000.0) : result;
    };
  }

  static double sum(SampleBuffer buf, int lo, int hi) {
    Kahan.Sum s = new Kahan.Sum();
    for (int i = lo; i < hi; i++) {
      s.add(buf.vs[i]);
    }
    return s.value();
  }

  /** {@code avg_over_time}: a compensated sum, switching to an incremental mean on overflow. */
  static double avg(SampleBuffer buf, int lo, int hi) {
    double sum = 0;
    double c = 0;
    double mean = 0;
    double count = 0;
    boolean incremental = false;
    for (int i = lo; i < hi; i++) {
      double v = buf.vs[i];
      count++;
      if (!incremental) {
        double newC = Kahan.compensation(v, sum, c);
        double newSum = sum + v;
        if (count == 1 || !Double.isInfinite(newSum)) {
          sum = newSum;
          c = newC;
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= count - 1;
      }
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
          continue;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          continue;
        }
      }
      double corrected = mean + c;
      double inc = v / count - corrected / count;
      c = Kahan.compensation(inc, mean, c);
      mean += inc;
    }
    return incremental ? mean + c : (sum + c) / count;
  }

  static double min(SampleBuffer buf, int lo, int hi) {
    double m = buf.vs[lo];
    for (int i = lo; i < hi; i++) {
      double v = buf.vs[i];
      if (v < m || Double.isNaN(m)) {
        m = v;
      }
    }
    return m;
  }

  static double max(SampleBuffer buf, int lo, int hi) {
    double m = buf.vs[lo];
    for (int i = lo; i < hi; i++) {
      double v = buf.vs[i];
      if (v > m || Double.isNaN(m)) {
        m = v;
      }
    }
    return m;
  }

  /** Timestamp (seconds) of the last minimum or maximum. */
  static double timestampOfExtreme(SampleBuffer buf, int lo, int hi, boolean max) {
    double m = buf.vs[lo];
    long t = buf.ts[lo];
    for (int i = lo; i < hi; i++) {
      double v = buf.vs[i];
      boolean better = max ? v >= m : v <= m;
      if (better || Double.isNaN(m)) {
        m = v;
        t = buf.ts[i];
      }
    }
    return t / 1000.0;
  }

  /** Population variance with Prometheus' compensated Welford update. */
  static double variance(SampleBuffer buf, int lo, int hi) {
    double count = 0;
    double mean = 0;
    double cMean = 0;
    double aux = 0;
    double cAux = 0;
    for (int i = lo; i < hi; i++) {
      double v = buf.vs[i];
      count++;
      double delta = v - (mean + cMean);
      double incMean = delta / count;
      cMean = Kahan.compensation(incMean, mean, cMean);
      mean += incMean;
      double incAux = delta * (v - (mean + cMean));
      cAux = Kahan.compensation(incAux, aux, cAux);
      aux += incAux;
    }
    return (aux + cAux) / count;
  }

  static double changes(SampleBuffer buf, int lo, int hi) {
    int changes = 0;
    for (int i = lo + 1; i < hi; i++) {
      double cur = buf.vs[i];
      double prev = buf.vs[i - 1];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
    }
    return changes;
  }

  static double resets(SampleBuffer buf, int lo, int hi) {
    int resets = 0;
    for (int i = lo + 1; i < hi; i++) {
      if (buf.vs[i] < buf.vs[i - 1]) {
        resets++;
      }
    }
    return resets;
  }

  /** Slope and intercept at {@code interceptTime} of the least-squares line through the window. */
  static double[] linearRegression(SampleBuffer buf, int lo, int hi, long interceptTime) {
    double n = 0;
    Kahan.Sum sumX = new Kahan.Sum();
    Kahan.Sum sumY = new Kahan.Sum();
    Kahan.Sum sumXY = new Kahan.Sum();
    Kahan.Sum sumX2 = new Kahan.Sum();
    double initY = buf.vs[lo];
    boolean constY = true;
    for (int i = lo; i < hi; i++) {
      double y = buf.vs[i];
      if (constY && i > lo && y != initY) {
        constY = false;
      }
      n++;
      double x = (buf.ts[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(y);
      sumXY.add(x * y);
      sumX2.add(x * x);
    }
    if (constY) {
      return Double.isInfinite(initY) ? new double[] {Double.NaN, Double.NaN} : new double[] {0, initY};
    }
    double sx = sumX.value();
    double sy = sumY.value();
    double covXY = sumXY.value() - sx * sy / n;
    double varX = sumX2.value() - sx * sx / n;
    double slope = covXY / varX;
    return new double[] {slope, sy / n - slope * sx / n};
  }

  /** The φ-quantile of {@code values[0..n)} as Prometheus computes it; sorts the array. */
  static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  /** Ascending with NaNs first, the order Prometheus' quantile sorts by. */
  static void sortNaNFirst(double[] values, int n) {
    Arrays.sort(values, 0, n);
    int nans = 0;
    while (nans < n && Double.isNaN(values[n - 1 - nans])) {
      nans++;
    }
    if (nans > 0 && nans < n) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }

  /** {@code double_exponential_smoothing} (formerly {@code holt_winters}). */
  static double smooth(SampleBuffer buf, int lo, int hi, double sf, double tf) {
    int l = hi - lo;
    if (l < 2) {
      return StepSeries.ABSENT;
    }
    double s0 = 0;
    double s1 = buf.vs[lo];
    double b = buf.vs[lo + 1] - buf.vs[lo];
    for (int i = 1; i < l; i++) {
      double x = sf * buf.vs[lo + i];
      if (i > 1) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}

package io.watchkeeper.query.engine;

/**
 * Kahan-Neumaier compensated summation as Prometheus does it ({@code kahanSumInc}), so sums and
 * averages agree with Prometheus to the last bits. {@code sum} and {@code c} are read and written
 * by the caller; this class is a namespace, not a value.
 */
final class Kahan {
  private Kahan() {}

  /** The compensation after adding {@code inc} to {@code sum}; the new sum is {@code sum + inc}. */
  static double compensation(double inc, double sum, double c) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      return 0;
    }
    if (Math.abs(sum) >= Math.abs(inc)) {
      return c + ((sum - t) + inc);
    }
    return c + ((inc - t) + sum);
  }

  /** A running compensated sum. Not thread-safe. */
  static final class Sum {
    double sum;
    double c;

    void add(double v) {
      c = compensation(v, sum, c);
      sum += v;
    }

    double value() {
      return sum + c;
    }
  }
}

package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.RangeSeries;
import java.util.Arrays;

/**
 * The samples of one series of a range vector, in time order, stale markers already removed: a
 * reusable pair of growable arrays, so reading 100k series allocates two arrays per thread, not
 * an object per sample. Not thread-safe.
 */
final class SampleBuffer {
  long[] ts = new long[64];
  double[] vs = new double[64];
  int n;
  Labels labels = Labels.EMPTY;
  boolean dropName;

  void reset(Labels labels, boolean dropName) {
    this.labels = labels;
    this.dropName = dropName;
    this.n = 0;
  }

  void add(long t, double v) {
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    ts[n] = t;
    vs[n] = v;
    n++;
  }

  /** Index of the first sample with timestamp greater than {@code t}, searching from {@code from}. */
  int firstAfter(int from, long t) {
    int i = from;
    while (i < n && ts[i] <= t) {
      i++;
    }
    return i;
  }

  /** The samples in {@code (exclusiveStart, end]} as a result series. */
  RangeSeries toRangeSeries(long end, long exclusiveStart) {
    int lo = firstAfter(0, exclusiveStart);
    int hi = firstAfter(lo, end);
    Labels out = dropName ? labels.withoutMetricName() : labels;
    return new RangeSeries(out, Arrays.copyOfRange(ts, lo, hi), Arrays.copyOfRange(vs, lo, hi));
  }
}

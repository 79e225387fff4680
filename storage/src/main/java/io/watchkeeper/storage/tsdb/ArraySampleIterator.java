package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;

/** Iterates parallel arrays of samples sorted by time. Not thread-safe. */
final class ArraySampleIterator implements SampleIterator {
  private final long[] ts;
  private final double[] vs;
  private final int n;
  private int i = -1;

  ArraySampleIterator(long[] ts, double[] vs, int n) {
    this.ts = ts;
    this.vs = vs;
    this.n = n;
  }

  @Override
  public boolean next() {
    if (i < n) {
      i++;
    }
    return i < n;
  }

  @Override
  public boolean seek(long t) {
    if (i < 0) {
      i = 0;
    }
    while (i < n && ts[i] < t) {
      i++;
    }
    return i < n;
  }

  @Override
  public long timestamp() {
    return ts[i];
  }

  @Override
  public double value() {
    return vs[i];
  }
}

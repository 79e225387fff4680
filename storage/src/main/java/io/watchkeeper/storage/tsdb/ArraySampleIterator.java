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

  /** Passes over every sample followed by another at or before {@code t}: nothing to decode. */
  @Override
  public boolean skipTowards(long t) {
    while (i + 1 < n && ts[i + 1] <= t) {
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

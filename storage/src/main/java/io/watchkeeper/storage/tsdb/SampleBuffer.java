package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import java.util.Arrays;

/** Growable parallel arrays of one series' samples, for writing blocks. Not thread-safe. */
final class SampleBuffer {
  long[] ts = new long[256];
  double[] vs = new double[256];
  int n;

  void clear() {
    n = 0;
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

  /** Appends everything {@code it} yields. */
  void addAll(SampleIterator it) {
    while (it.next()) {
      add(it.timestamp(), it.value());
    }
  }
}

package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import java.util.Arrays;

/** Growable parallel arrays of one series' samples, for writing blocks. Not thread-safe. */
final class SampleBuffer {
  long[] ts;
  double[] vs;
  int n;

  /** A buffer reused for series after series: room for 256 samples to start with. */
  SampleBuffer() {
    this(256);
  }

  /** A buffer for about {@code capacity} samples (it grows if needed). */
  SampleBuffer(int capacity) {
    ts = new long[Math.max(1, capacity)];
    vs = new double[ts.length];
  }

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

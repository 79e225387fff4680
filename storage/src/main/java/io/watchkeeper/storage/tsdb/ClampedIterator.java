package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;

/** Restricts an iterator to {@code [lo, hi]}. Not thread-safe. */
final class ClampedIterator implements SampleIterator {
  private final SampleIterator in;
  private final long lo;
  private final long hi;
  private boolean done;

  ClampedIterator(SampleIterator in, long lo, long hi) {
    this.in = in;
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    while (in.next()) {
      long t = in.timestamp();
      if (t > hi) {
        break;
      }
      if (t >= lo) {
        return true;
      }
    }
    done = true;
    return false;
  }

  @Override
  public boolean seek(long t) {
    if (done) {
      return false;
    }
    if (in.seek(Math.max(t, lo)) && in.timestamp() <= hi) {
      return true;
    }
    done = true;
    return false;
  }

  @Override
  public boolean skipTowards(long t) {
    if (done) {
      return false;
    }
    // The inner iterator only moves to a sample at or before min(t, hi), after the current one.
    return in.skipTowards(Math.min(t, hi)) || finish();
  }

  private boolean finish() {
    done = true;
    return false;
  }

  @Override
  public long timestamp() {
    return in.timestamp();
  }

  @Override
  public double value() {
    return in.value();
  }
}

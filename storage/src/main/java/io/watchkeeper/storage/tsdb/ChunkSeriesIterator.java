package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;

/**
 * Iterates a series stored as a time-ordered list of non-overlapping chunks, clamped to {@code [lo,
 * hi]}. Seeking skips whole chunks by their start times (a chunk ends before the next begins)
 * without decoding them. Subclasses say where chunks are and how to decode one. Not thread-safe.
 */
abstract class ChunkSeriesIterator implements SampleIterator {
  private long lo;
  private long hi;
  private int chunk = -1;
  private boolean positioned; // the decoder holds a current sample
  private boolean exhausted;
  private SampleIterator cur = SampleIterator.empty();

  /** Restarts over a new chunk list with bounds {@code [lo, hi]}. */
  protected final void restart(long lo, long hi) {
    this.lo = lo;
    this.hi = hi;
    chunk = -1;
    positioned = false;
    exhausted = false;
    cur = SampleIterator.empty();
  }

  protected abstract int chunkCount();

  /** Time of the first sample of chunk {@code i}. */
  protected abstract long chunkMinT(int i);

  /** A decoder positioned before the first sample of chunk {@code i}. */
  protected abstract SampleIterator openChunk(int i);

  @Override
  public final boolean next() {
    if (exhausted) {
      return false;
    }
    while (true) {
      if (chunk >= 0 && cur.next()) {
        long t = cur.timestamp();
        if (t > hi) {
          return end();
        }
        if (t >= lo) {
          positioned = true;
          return true;
        }
        continue;
      }
      if (!load(chunk + 1)) {
        return end();
      }
    }
  }

  @Override
  public final boolean seek(long target) {
    if (exhausted) {
      return false;
    }
    long want = Math.max(target, lo);
    if (positioned && cur.timestamp() >= want) {
      return true;
    }
    int c = Math.max(chunk, 0);
    int n = chunkCount();
    while (c + 1 < n && chunkMinT(c + 1) <= want) {
      c++;
    }
    if (c != chunk && !load(c)) {
      return end();
    }
    while (true) {
      if (cur.seek(want)) {
        if (cur.timestamp() > hi) {
          return end();
        }
        positioned = true;
        return true;
      }
      if (!load(chunk + 1)) {
        return end();
      }
    }
  }

  private boolean load(int i) {
    if (i >= chunkCount() || chunkMinT(i) > hi) {
      return false;
    }
    chunk = i;
    positioned = false;
    cur = openChunk(i);
    return true;
  }

  private boolean end() {
    exhausted = true;
    positioned = false;
    return false;
  }

  @Override
  public final long timestamp() {
    return cur.timestamp();
  }

  @Override
  public final double value() {
    return cur.value();
  }
}

package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.tsdb.chunk.XorAppender;
import io.watchkeeper.storage.tsdb.chunk.XorIterator;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A series' out-of-order samples in the head (Prometheus {@code OOOChunk}): a sorted buffer of up
 * to {@value #BUFFER} raw samples that, when full, is encoded into an XOR chunk. Chunks are each
 * sorted but may overlap one another and the in-order chunks; readers merge them. They stay on the
 * heap until the next out-of-order compaction writes them to blocks, which the TSDB triggers when
 * the out-of-order head grows past a size limit. Not thread-safe: guarded as its {@link HeadSeries}.
 */
final class OooChunks {
  static final int BUFFER = 32;

  private long[] ts = new long[4];
  private double[] vs = new double[4];
  private int n;
  /** Encoded chunks; appended in place past {@link #chunkCount}, like the head's chunk lists. */
  private byte[][] chunks = new byte[0][];
  private long[] chunkMin = new long[0];
  private long[] chunkMax = new long[0];
  private int chunkCount;
  private long minT = Long.MAX_VALUE;
  private long maxT = Long.MIN_VALUE;
  private int samples;

  /** Result of {@link #insert}. */
  enum Insert { ADDED, SAME, DUPLICATE }

  /**
   * Adds a sample to the buffer. A sample whose timestamp is already held is dropped: the same
   * value is accepted as a repeat, another one rejected as a duplicate.
   */
  Insert insert(long t, double v) {
    int pos = Arrays.binarySearch(ts, 0, n, t);
    if (pos >= 0) {
      return Double.doubleToRawLongBits(vs[pos]) == Double.doubleToRawLongBits(v) ? Insert.SAME : Insert.DUPLICATE;
    }
    XorIterator held = findInChunks(t);
    if (held != null) {
      return held.valueBits() == Double.doubleToRawLongBits(v) ? Insert.SAME : Insert.DUPLICATE;
    }
    pos = -pos - 1;
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, Math.min(BUFFER, n * 2));
      vs = Arrays.copyOf(vs, ts.length);
    }
    System.arraycopy(ts, pos, ts, pos + 1, n - pos);
    System.arraycopy(vs, pos, vs, pos + 1, n - pos);
    ts[pos] = t;
    vs[pos] = v;
    n++;
    samples++;
    minT = Math.min(minT, t);
    maxT = Math.max(maxT, t);
    if (n == BUFFER) {
      encodeBuffer();
    }
    return Insert.ADDED;
  }

  /** Whether {@code t} is already held with a different value. */
  boolean conflicts(long t, double v) {
    int pos = Arrays.binarySearch(ts, 0, n, t);
    if (pos >= 0) {
      return Double.doubleToRawLongBits(vs[pos]) != Double.doubleToRawLongBits(v);
    }
    XorIterator held = findInChunks(t);
    return held != null && held.valueBits() != Double.doubleToRawLongBits(v);
  }

  /**
   * An iterator positioned at {@code t} in the chunk holding it, or null. Only chunks whose range
   * covers {@code t} are decoded; imports mostly add samples outside every chunk's range.
   */
  private @Nullable XorIterator findInChunks(long t) {
    for (int i = 0; i < chunkCount; i++) {
      if (chunkMin[i] <= t && t <= chunkMax[i]) {
        XorIterator it = new XorIterator().reset(chunks[i], 0, chunks[i].length);
        if (it.seek(t) && it.timestamp() == t) {
          return it;
        }
      }
    }
    return null;
  }

  private void encodeBuffer() {
    XorAppender a = new XorAppender();
    for (int i = 0; i < n; i++) {
      a.append(ts[i], vs[i]);
    }
    addChunk(a.toByteArray(), ts[0], ts[n - 1]);
    // A fresh buffer rather than clearing: readers may still hold the old arrays.
    ts = new long[4];
    vs = new double[4];
    n = 0;
  }

  /** Moves everything {@code other} holds into this (chunks may overlap; readers merge). */
  void absorb(OooChunks other) {
    if (other.n > 0) {
      other.encodeBuffer();
    }
    for (int i = 0; i < other.chunkCount; i++) {
      addChunk(other.chunks[i], other.chunkMin[i], other.chunkMax[i]);
    }
    samples += other.samples;
    minT = Math.min(minT, other.minT);
    maxT = Math.max(maxT, other.maxT);
  }

  private void addChunk(byte[] c, long min, long max) {
    if (chunkCount == chunks.length) {
      int cap = Math.max(4, chunkCount * 2);
      chunks = Arrays.copyOf(chunks, cap);
      chunkMin = Arrays.copyOf(chunkMin, cap);
      chunkMax = Arrays.copyOf(chunkMax, cap);
    }
    chunks[chunkCount] = c;
    chunkMin[chunkCount] = min;
    chunkMax[chunkCount] = max;
    chunkCount++;
  }

  boolean isEmpty() {
    return samples == 0;
  }

  int samples() {
    return samples;
  }

  int chunkCount() {
    return chunkCount + (n > 0 ? 1 : 0);
  }

  long minTime() {
    return minT;
  }

  long maxTime() {
    return maxT;
  }

  /** Approximate heap bytes held. */
  long bytes() {
    long b = 64 + 16L * ts.length;
    for (int i = 0; i < chunkCount; i++) {
      b += 16 + chunks[i].length;
    }
    return b;
  }

  /**
   * What a reader needs, taken under the series' lock and used without it: the buffer is copied,
   * chunks are immutable.
   */
  Snapshot snapshot() {
    return new Snapshot(Arrays.copyOf(chunks, chunkCount), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
  }

  /** An immutable view of out-of-order samples. */
  record Snapshot(byte[][] chunks, long[] ts, double[] vs) {
    /** Fresh iterators, one per chunk and one for the buffer. */
    void addIterators(List<SampleIterator> out) {
      for (byte[] c : chunks) {
        out.add(new XorIterator().reset(c, 0, c.length));
      }
      if (ts.length > 0) {
        out.add(new ArraySampleIterator(ts, vs, ts.length));
      }
    }
  }
}

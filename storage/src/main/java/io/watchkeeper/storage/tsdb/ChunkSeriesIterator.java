package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.tsdb.chunk.DecimalIterator;
import io.watchkeeper.storage.tsdb.chunk.XorIterator;

/**
 * Iterates a series stored as a time-ordered list of non-overlapping chunks, clamped to {@code [lo,
 * hi]}. Seeking skips whole chunks by their start times (a chunk ends before the next begins)
 * without decoding them. Subclasses say where chunks are and prepare the decoder of one.
 *
 * <p>The per-sample calls go to the two concrete decoders, not through {@link SampleIterator}: a
 * call site seeing both (and empty iterators) would be megamorphic and never inlined, which cost a
 * fifth of a query's time. Not thread-safe.
 */
abstract class ChunkSeriesIterator implements SampleIterator {
  /** Which decoder holds the current chunk. */
  protected enum Decoder { NONE, XOR, DECIMAL }

  protected final XorIterator xor = new XorIterator();
  protected final DecimalIterator decimal = new DecimalIterator();
  private Decoder cur = Decoder.NONE;
  private long lo;
  private long hi;
  private int chunk = -1;
  private boolean positioned; // the decoder holds a current sample
  private long curT; // its timestamp, when positioned
  private boolean exhausted;
  private long chunksOpened;

  /** Restarts over a new chunk list with bounds {@code [lo, hi]}. */
  protected final void restart(long lo, long hi) {
    this.lo = lo;
    this.hi = hi;
    chunk = -1;
    positioned = false;
    exhausted = false;
    cur = Decoder.NONE;
  }

  protected abstract int chunkCount();

  /** Time of the first sample of chunk {@code i}. */
  protected abstract long chunkMinT(int i);

  /** Resets {@link #xor} or {@link #decimal} to chunk {@code i}; says which. */
  protected abstract Decoder openChunk(int i);

  private boolean decoderNext() {
    return switch (cur) {
      case XOR -> xor.next();
      case DECIMAL -> decimal.next();
      case NONE -> false;
    };
  }

  private boolean decoderSeek(long t) {
    return switch (cur) {
      case XOR -> xor.seek(t);
      case DECIMAL -> decimal.seek(t);
      case NONE -> false;
    };
  }

  private long decoderTime() {
    return cur == Decoder.XOR ? xor.timestamp() : decimal.timestamp();
  }

  @Override
  public final boolean next() {
    if (exhausted) {
      return false;
    }
    while (true) {
      // In a chunk just opened, the decoder's own seek passes over the samples before lo: for a
      // window at the end of a long block chunk that is most of it, and the decoders skip faster
      // than sample by sample through this loop.
      if (chunk >= 0 && (positioned ? decoderNext() : decoderSeek(lo))) {
        long ts = decoderTime();
        if (ts > hi) {
          return end();
        }
        if (ts >= lo) {
          positioned = true;
          curT = ts;
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
    if (positioned && curT >= want) {
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
      if (decoderSeek(want)) {
        long ts = decoderTime();
        if (ts > hi) {
          return end();
        }
        positioned = true;
        curT = ts;
        return true;
      }
      if (!load(chunk + 1)) {
        return end();
      }
    }
  }

  @Override
  public final boolean skipTowards(long t) {
    if (exhausted) {
      return false;
    }
    if (!positioned) {
      return true; // nothing current to skip from: next() decides
    }
    long want = Math.min(t, hi);
    int c = chunk;
    int n = chunkCount();
    while (c + 1 < n && chunkMinT(c + 1) <= want) {
      c++;
    }
    if (c == chunk) {
      return true;
    }
    // The samples passed over all precede chunk c's first one, which is at or before t, after
    // the current sample (so at or after lo) and at most hi.
    load(c);
    return next();
  }

  private boolean load(int i) {
    if (i >= chunkCount() || chunkMinT(i) > hi) {
      return false;
    }
    chunk = i;
    positioned = false;
    cur = openChunk(i);
    chunksOpened++;
    return true;
  }

  private boolean end() {
    exhausted = true;
    positioned = false;
    return false;
  }

  /** Chunks this iterator has opened for decoding since it was created (across restarts). */
  final long chunksOpened() {
    return chunksOpened;
  }

  @Override
  public final long timestamp() {
    return curT;
  }

  @Override
  public final double value() {
    return cur == Decoder.XOR ? xor.value() : decimal.value();
  }
}

package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.chunk.XorAppender;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One series in the head (Prometheus {@code memSeries}): its labels, the open XOR chunk it appends
 * to (inherited, to save an object per series), the full chunks already written to the
 * memory-mapped head-chunk files, and its out-of-order samples if any.
 *
 * <p>Memory: 80 bytes for this object, plus the open chunk's array, 16 bytes per full chunk
 * and the labels (shared strings).
 *
 * <p>Concurrency. A series is changed between {@link #beginWrite()} and {@link #endWrite()}, which
 * exclude each other (a spin lock on the version number: held for one sample's append, so
 * waiting is rare and short). Readers take consistent snapshots without locking, as with a
 * sequence lock ({@link java.util.concurrent.locks.StampedLock}'s optimistic reads): {@link
 * #readBegin()}, copy the fields, {@link #readValid}; retry if a write overlapped. Arrays a reader
 * copied stay valid afterwards: writers only add past the counts a reader saw, or replace arrays.
 * Measured on the scrape path, this took a sample's append from two lock acquisitions (and their
 * cache misses on stripe locks) to none.
 */
final class HeadSeries extends XorAppender {
  private static final long[] NO_CHUNKS = new long[0];
  private static final VarHandle VERSION;

  static {
    try {
      VERSION = MethodHandles.lookup().findVarHandle(HeadSeries.class, "version", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int id;
  final Labels labels;
  /**
   * Full chunks in the head-chunk files, as pairs {@code (minT, ref)} in time order. Replaced, never
   * changed in place, so a reader may keep the array it saw.
   */
  long[] mmapped = NO_CHUNKS;
  /** Odd while a write is in progress; see the class comment. */
  @SuppressWarnings("unused") // accessed through VERSION
  private int version;
  /** Out-of-order samples not yet compacted into blocks. */
  @Nullable OooChunks ooo;
  /** Out-of-order samples being written to blocks by a compaction; still read by queries. */
  @Nullable OooChunks oooCompacting;
  /**
   * Set (under the commit lock) when garbage collection removed the series; a commit holding
   * samples for it then applies them to the series of the same labels, created anew.
   */
  volatile boolean removed;

  HeadSeries(int id, Labels labels) {
    super(true); // decimal-delta chunks where the values allow
    this.id = id;
    this.labels = labels;
  }

  void beginWrite() {
    while (true) {
      int v = (int) VERSION.getOpaque(this);
      if ((v & 1) == 0 && VERSION.compareAndSet(this, v, v + 1)) {
        return; // the CAS is a full fence: no write below moves above it
      }
      Thread.onSpinWait();
    }
  }

  void endWrite() {
    int v = (int) VERSION.getOpaque(this);
    VERSION.setRelease(this, v + 1);
  }

  /** Starts an optimistic read; returns a stamp, odd if a write is in progress (then retry). */
  int readBegin() {
    return (int) VERSION.getAcquire(this);
  }

  /** Whether nothing was written since {@code stamp} was taken. */
  boolean readValid(int stamp) {
    VarHandle.loadLoadFence();
    return (stamp & 1) == 0 && (int) VERSION.getOpaque(this) == stamp;
  }

  /** Whether the series ever had an in-order sample (that was not truncated away with it). */
  boolean hasInOrder() {
    return lastTimestamp() != Long.MIN_VALUE;
  }

  /** Adds a full chunk; the list is copied, exactly sized (a chunk is cut every 120 samples). */
  void addMmapped(long minT, long ref) {
    int n = mmapped.length;
    long[] next = Arrays.copyOf(mmapped, n + 2);
    next[n] = minT;
    next[n + 1] = ref;
    mmapped = next;
  }

  /** Number of full chunks in the head-chunk files. */
  int mmappedCount() {
    return mmapped.length >> 1;
  }

  /** The head-chunk segment of the series' oldest full chunk, or {@link Integer#MAX_VALUE} if none. */
  int oldestChunkSegment() {
    return mmapped.length > 0 ? HeadChunkFiles.refSegment(mmapped[1]) : Integer.MAX_VALUE;
  }

  /** Minimum time of the series' oldest in-order chunk, or {@link Long#MIN_VALUE} if none. */
  long inOrderMinTime() {
    if (mmapped.length > 0) {
      return mmapped[0];
    }
    return count() > 0 ? firstTimestamp() : Long.MIN_VALUE;
  }

  /**
   * Drops full chunks whose samples all lie before {@code minT} (a chunk ends before the next one
   * starts).
   *
   * @return chunks dropped
   */
  int truncateBefore(long minT) {
    int drop = 0;
    int mmappedCount = mmappedCount();
    while (drop < mmappedCount) {
      long nextStart = drop + 1 < mmappedCount ? mmapped[(drop + 1) * 2] : count() > 0 ? firstTimestamp() : Long.MAX_VALUE;
      boolean lastEndsBefore = drop + 1 == mmappedCount && count() == 0 && lastTimestamp() < minT;
      if (nextStart <= minT || lastEndsBefore) {
        drop++;
      } else {
        break;
      }
    }
    if (drop > 0) {
      mmapped = mmappedCount == drop ? NO_CHUNKS : Arrays.copyOfRange(mmapped, drop * 2, mmappedCount * 2);
    }
    return drop;
  }

  /** Whether nothing of this series is left in the head. */
  boolean isEmpty() {
    return mmapped.length == 0 && count() == 0 && (ooo == null || ooo.isEmpty()) && oooCompacting == null;
  }
}

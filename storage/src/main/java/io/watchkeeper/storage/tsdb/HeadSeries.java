package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.tsdb.chunk.XorAppender;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One series in the head (Prometheus {@code memSeries}): its labels, the open XOR chunk it appends
 * to (inherited, to save an object per series), the full chunks already written to the
 * memory-mapped head-chunk files, and its out-of-order samples if any.
 *
 * <p>Memory: about 72 bytes for this object, plus the open chunk's array, 16 bytes per full chunk
 * and the labels (shared strings). Guarded by the head's stripe lock for {@link #id}; only the
 * committing thread (holding the head's commit lock) mutates it.
 */
final class HeadSeries extends XorAppender {
  private static final long[] NO_CHUNKS = new long[0];

  final int id;
  final Labels labels;
  /**
   * Full chunks in the head-chunk files, as pairs {@code (minT, ref)} in time order. Appends write
   * past {@link #mmappedCount} in place; removals build a new array, so a reader may keep the
   * (array, count) it saw.
   */
  long[] mmapped = NO_CHUNKS;
  int mmappedCount;
  /** Out-of-order samples not yet compacted into blocks. */
  @Nullable OooChunks ooo;
  /** Out-of-order samples being written to blocks by a compaction; still read by queries. */
  @Nullable OooChunks oooCompacting;
  /** Appenders holding uncommitted samples for this series; garbage collection spares it. */
  short pending;

  HeadSeries(int id, Labels labels) {
    this.id = id;
    this.labels = labels;
  }

  /** Whether the series ever had an in-order sample (that was not truncated away with it). */
  boolean hasInOrder() {
    return lastTimestamp() != Long.MIN_VALUE;
  }

  void addMmapped(long minT, long ref) {
    int need = (mmappedCount + 1) * 2;
    if (need > mmapped.length) {
      mmapped = Arrays.copyOf(mmapped, need + 2);
    }
    mmapped[mmappedCount * 2] = minT;
    mmapped[mmappedCount * 2 + 1] = ref;
    mmappedCount++;
  }

  /** Minimum time of the series' oldest in-order chunk, or {@link Long#MIN_VALUE} if none. */
  long inOrderMinTime() {
    if (mmappedCount > 0) {
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
      mmappedCount -= drop;
    }
    return drop;
  }

  /** Whether nothing of this series is left in the head. */
  boolean isEmpty() {
    return mmappedCount == 0 && count() == 0 && (ooo == null || ooo.isEmpty()) && oooCompacting == null;
  }
}

package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import java.util.List;

/**
 * Merges time-sorted iterators into one, by timestamp; of equal timestamps the one from the
 * earliest iterator in the list wins and the others are skipped. Used where data overlaps: the
 * same series in several blocks and the head, out-of-order chunks. A linear scan picks the minimum:
 * the lists are short (a handful of sources). Not thread-safe.
 */
final class MergeSampleIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final boolean[] valid;
  private boolean started;
  private int cur = -1;

  MergeSampleIterator(List<SampleIterator> iterators) {
    its = iterators.toArray(new SampleIterator[0]);
    valid = new boolean[its.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        valid[i] = its[i].next();
      }
    } else if (cur >= 0) {
      long t = its[cur].timestamp();
      for (int i = 0; i < its.length; i++) {
        if (valid[i] && its[i].timestamp() == t) {
          valid[i] = its[i].next(); // advance the winner and every duplicate of it
        }
      }
    } else {
      return false;
    }
    return pick();
  }

  @Override
  public boolean seek(long t) {
    if (started && cur < 0) {
      return false;
    }
    if (started && its[cur].timestamp() >= t) {
      return true;
    }
    for (int i = 0; i < its.length; i++) {
      if (!started || valid[i]) {
        valid[i] = its[i].seek(t);
      }
    }
    started = true;
    return pick();
  }

  /**
   * Each source skips on its own: a source only passes over samples followed, in that source, by
   * another at or before {@code t}, so the merged last sample {@code <= t} is still to come.
   */
  @Override
  public boolean skipTowards(long t) {
    if (!started || cur < 0) {
      return cur >= 0;
    }
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && its[i].timestamp() < t) {
        valid[i] = its[i].skipTowards(t);
      }
    }
    return pick();
  }

  private boolean pick() {
    cur = -1;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && (cur < 0 || its[i].timestamp() < min)) {
        min = its[i].timestamp();
        cur = i;
      }
    }
    return cur >= 0;
  }

  @Override
  public long timestamp() {
    return its[cur].timestamp();
  }

  @Override
  public double value() {
    return its[cur].value();
  }
}

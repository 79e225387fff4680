package io.watchkeeper.storage.tsdb;

import io.watchkeeper.storage.SampleIterator;
import java.util.List;

/**
 * Merges time-sorted iterators into one, by timestamp; of equal timestamps the one from the
 * earliest iterator in the list wins and the others are skipped. Used where data overlaps: the
 * same series in several blocks and the head, out-of-order chunks. A linear scan picks the minimum:
 * the lists are short (a handful of sources). Not thread-safe.
 *
 * <p>The common case is sources that follow one another in time (a series in consecutive blocks,
 * then the head): the current source is then read alone until it reaches {@link #bound}, the
 * earliest sample of the others, so a sample costs one comparison more than reading the source
 * directly instead of a scan of all sources.
 */
final class MergeSampleIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final boolean[] valid;
  private boolean started;
  private int cur = -1;
  /** The current sample's timestamp. */
  private long curT;
  /** The earliest timestamp of the valid sources other than {@link #cur}; MAX_VALUE if none. */
  private long bound = Long.MAX_VALUE;

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
      return pick();
    }
    if (cur < 0) {
      return false;
    }
    long t = curT;
    if (t < bound) {
      return advanced(its[cur].next()); // no other source holds t: only the current one moves
    }
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && its[i].timestamp() == t) {
        valid[i] = its[i].next(); // advance the winner and every duplicate of it
      }
    }
    return pick();
  }

  @Override
  public boolean seek(long t) {
    if (started && cur < 0) {
      return false;
    }
    if (started && curT >= t) {
      return true;
    }
    if (started && t <= bound) {
      return advanced(its[cur].seek(t)); // the other sources are at or after t already
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
    if (t <= bound) {
      // The other sources are at or after t: only the current one can have samples to pass over.
      return curT >= t || advanced(its[cur].skipTowards(t));
    }
    for (int i = 0; i < its.length; i++) {
      if (valid[i] && its[i].timestamp() < t) {
        valid[i] = its[i].skipTowards(t);
      }
    }
    return pick();
  }

  /**
   * After the current source alone moved ({@code has}: whether it still has a sample): it stays
   * current while it is before every other source, else the minimum is picked again.
   */
  private boolean advanced(boolean has) {
    if (has) {
      long t = its[cur].timestamp();
      if (t < bound) {
        curT = t;
        return true;
      }
    }
    valid[cur] = has;
    return pick();
  }

  private boolean pick() {
    cur = -1;
    long min = Long.MAX_VALUE;
    long second = Long.MAX_VALUE;
    for (int i = 0; i < its.length; i++) {
      if (!valid[i]) {
        continue;
      }
      long ts = its[i].timestamp();
      if (cur < 0 || ts < min) {
        second = min;
        min = ts;
        cur = i;
      } else if (ts < second) {
        second = ts;
      }
    }
    bound = second;
    curT = min;
    return cur >= 0;
  }

  @Override
  public long timestamp() {
    return curT;
  }

  @Override
  public double value() {
    return its[cur].value();
  }
}

package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Merges label-sorted series sets (blocks and the head) into one sorted set; series with equal
 * labels in several sets become one series whose samples are merged by time, duplicates dropped
 * (Prometheus {@code storage.NewMergeSeriesSet} with a chained/merging series). Not thread-safe.
 */
final class MergeSeriesSet implements SeriesSet {
  private final SeriesSet[] sets;
  private final @Nullable Series[] heads;
  private boolean started;
  private @Nullable Series cur;

  MergeSeriesSet(List<SeriesSet> sets) {
    this.sets = sets.toArray(new SeriesSet[0]);
    this.heads = new Series[this.sets.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < sets.length; i++) {
        heads[i] = sets[i].next() ? sets[i].at() : null;
      }
    }
    Labels min = null;
    for (Series s : heads) {
      if (s != null && (min == null || s.labels().compareTo(min) < 0)) {
        min = s.labels();
      }
    }
    if (min == null) {
      cur = null;
      return false;
    }
    List<Series> same = new ArrayList<>(2);
    for (int i = 0; i < sets.length; i++) {
      Series s = heads[i];
      if (s != null && s.labels().equals(min)) {
        same.add(s);
        heads[i] = sets[i].next() ? sets[i].at() : null;
      }
    }
    cur = same.size() == 1 ? same.get(0) : new MergedSeries(min, same);
    return true;
  }

  @Override
  public Series at() {
    Series s = cur;
    if (s == null) {
      throw new IllegalStateException("BUG: at() without a current series");
    }
    return s;
  }

  /** One series stored in several places. */
  private record MergedSeries(Labels labels, List<Series> parts) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      List<SampleIterator> its = new ArrayList<>(parts.size());
      for (Series p : parts) {
        its.add(p.iterator(null));
      }
      return new MergeSampleIterator(its);
    }
  }
}

package io.watchkeeper.benchmarks;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A read-only copy of an {@link InMemoryStorage} with what a real TSDB head has and the test
 * storage lacks: series found through an index by metric name (not a scan of every series), and
 * iterators over the stored arrays (not a copy per query). It separates the engine's cost from the
 * test storage's in {@link PromqlEngineBenchmark}. Thread-safe after construction.
 */
final class IndexedMemoryStorage implements Queryable {
  private record StoredSeries(Labels labels, long[] ts, double[] vs) {}

  private final Map<String, List<StoredSeries>> byName = new HashMap<>();

  IndexedMemoryStorage(InMemoryStorage source) {
    Querier q = source.querier(Long.MIN_VALUE, Long.MAX_VALUE);
    SeriesSet set = q.select(true, SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(Matcher.of(MatchType.REGEX, Labels.METRIC_NAME, ".+")));
    while (set.next()) {
      Series s = set.at();
      SampleIterator it = s.iterator(null);
      long[] ts = new long[16];
      double[] vs = new double[16];
      int n = 0;
      while (it.next()) {
        if (n == ts.length) {
          ts = Arrays.copyOf(ts, n * 2);
          vs = Arrays.copyOf(vs, n * 2);
        }
        ts[n] = it.timestamp();
        vs[n] = it.value();
        n++;
      }
      byName.computeIfAbsent(s.labels().metricName(), k -> new ArrayList<>())
          .add(new StoredSeries(s.labels(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
    }
    q.close();
  }

  @Override
  public Querier querier(long minT, long maxT) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
        List<Series> out = new ArrayList<>();
        for (StoredSeries s : candidates(matchers)) {
          if (matchesAll(s.labels(), matchers)) {
            int from = lowerBound(s.ts(), minT);
            int to = lowerBound(s.ts(), maxT + 1);
            if (from < to) {
              out.add(new View(s, from, to));
            }
          }
        }
        return new ListSet(out);
      }

      @Override
      public List<String> labelValues(String name, List<Matcher> matchers) {
        return List.of();
      }

      @Override
      public List<String> labelNames(List<Matcher> matchers) {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }

  private List<StoredSeries> candidates(List<Matcher> matchers) {
    for (Matcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL) {
        return byName.getOrDefault(m.value(), List.of());
      }
    }
    List<StoredSeries> all = new ArrayList<>();
    byName.values().forEach(all::addAll);
    return all;
  }

  private static boolean matchesAll(Labels l, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      if (!m.matches(l)) {
        return false;
      }
    }
    return true;
  }

  private static int lowerBound(long[] a, long t) {
    // Most queries read the newest data: check the ends before a binary search over cold memory.
    if (a.length == 0 || a[0] >= t) {
      return 0;
    }
    if (a[a.length - 1] < t) {
      return a.length;
    }
    int i = Arrays.binarySearch(a, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && a[i - 1] == t) {
      i--;
    }
    return i;
  }

  private record View(StoredSeries s, int from, int to) implements Series {
    @Override
    public Labels labels() {
      return s.labels();
    }

    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new ViewIterator(s.ts(), s.vs(), from, to);
    }
  }

  private static final class ViewIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private final int start;
    private final int to;
    private int i;

    ViewIterator(long[] ts, double[] vs, int from, int to) {
      this.ts = ts;
      this.vs = vs;
      this.start = from;
      this.to = to;
      this.i = from - 1;
    }

    @Override
    public boolean next() {
      if (i < to) {
        i++;
      }
      return i < to;
    }

    @Override
    public boolean seek(long t) {
      int from = Math.max(i, start);
      if (from < to && ts[from] >= t) {
        i = from; // already there: the common case of a seek to the querier's start
      } else if (from < to) {
        int j = Arrays.binarySearch(ts, from, to, t);
        i = j < 0 ? -j - 1 : j;
      } else {
        i = to;
      }
      return i < to;
    }

    @Override
    public long timestamp() {
      return ts[i];
    }

    @Override
    public double value() {
      return vs[i];
    }
  }

  private static final class ListSet implements SeriesSet {
    private final List<Series> series;
    private int i = -1;

    ListSet(List<Series> series) {
      this.series = series;
    }

    @Override
    public boolean next() {
      return ++i < series.size();
    }

    @Override
    public Series at() {
      return series.get(i);
    }
  }
}

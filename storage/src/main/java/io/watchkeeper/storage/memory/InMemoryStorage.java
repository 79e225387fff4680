package io.watchkeeper.storage.memory;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory storage with the same append rules as the TSDB (in-order per series, duplicates
 * rejected, identical re-appends ignored) and no compression, persistence or retention: for tests
 * of the modules above storage and as the reference in contract tests. Thread-safe: each series is
 * guarded by its own monitor; queriers copy what they read.
 */
public final class InMemoryStorage implements Storage {
  private final Map<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final Map<Long, MemSeries> byRef = new ConcurrentHashMap<>();
  private final AtomicLong nextRef = new AtomicLong(1);

  @Override
  public Appender appender() {
    return new MemAppender();
  }

  @Override
  public Querier querier(long minT, long maxT) {
    return new MemQuerier(minT, maxT);
  }

  /** Number of series ever appended. */
  public int seriesCount() {
    return byLabels.size();
  }

  @Override
  public void close() {}

  private MemSeries getOrCreate(Labels labels) {
    return byLabels.computeIfAbsent(
        labels,
        l -> {
          MemSeries s = new MemSeries(nextRef.getAndIncrement(), l);
          byRef.put(s.ref, s);
          return s;
        });
  }

  private static final class MemSeries {
    final long ref;
    final Labels labels;
    // guarded by this
    long[] ts = new long[8];
    double[] vs = new double[8];
    int n;

    MemSeries(long ref, Labels labels) {
      this.ref = ref;
      this.labels = labels;
    }

    synchronized void add(long t, double v) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n] = v;
      n++;
    }

    synchronized long lastT() {
      return n == 0 ? Long.MIN_VALUE : ts[n - 1];
    }

    synchronized double lastV() {
      return vs[n - 1];
    }

    /** A copy of the samples in {@code [minT, maxT]}. */
    synchronized ArraySeries snapshot(long minT, long maxT) {
      int from = 0;
      while (from < n && ts[from] < minT) {
        from++;
      }
      int to = from;
      while (to < n && ts[to] <= maxT) {
        to++;
      }
      return new ArraySeries(labels, Arrays.copyOfRange(ts, from, to), Arrays.copyOfRange(vs, from, to));
    }
  }

  private final class MemAppender implements Appender {
    private final List<MemSeries> pendingSeries = new ArrayList<>();
    private long[] pendingT = new long[16];
    private double[] pendingV = new double[16];
    private boolean done;

    @Override
    public long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException {
      if (done) {
        throw new IllegalStateException("BUG: appender used after commit or rollback");
      }
      MemSeries s;
      if (ref != 0) {
        s = byRef.get(ref);
        if (s == null) {
          if (labels == null) {
            throw new AppendException(AppendException.Reason.UNKNOWN_REF, Long.toString(ref));
          }
          s = getOrCreate(checked(labels));
        }
      } else {
        if (labels == null) {
          throw new IllegalArgumentException("BUG: append needs labels when ref is 0");
        }
        s = getOrCreate(checked(labels));
      }
      long lastT = s.lastT();
      double lastV = 0;
      boolean found = lastT != Long.MIN_VALUE;
      if (found) {
        lastV = s.lastV();
      }
      for (int i = pendingSeries.size() - 1; i >= 0; i--) {
        if (pendingSeries.get(i) == s) {
          lastT = pendingT[i];
          lastV = pendingV[i];
          found = true;
          break;
        }
      }
      if (found) {
        if (t < lastT) {
          throw new AppendException(AppendException.Reason.OUT_OF_ORDER, "");
        }
        if (t == lastT) {
          if (Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV)) {
            return s.ref; // an identical sample again: accepted, not stored twice
          }
          throw new AppendException(AppendException.Reason.DUPLICATE_SAMPLE, "");
        }
      }
      int i = pendingSeries.size();
      if (i == pendingT.length) {
        pendingT = Arrays.copyOf(pendingT, i * 2);
        pendingV = Arrays.copyOf(pendingV, i * 2);
      }
      pendingSeries.add(s);
      pendingT[i] = t;
      pendingV[i] = v;
      return s.ref;
    }

    private Labels checked(Labels labels) throws AppendException {
      if (labels.metricName().isEmpty()) {
        throw new AppendException(AppendException.Reason.INVALID_LABELS, labels + " has no metric name");
      }
      return labels;
    }

    @Override
    public void commit() {
      done = true;
      for (int i = 0; i < pendingSeries.size(); i++) {
        pendingSeries.get(i).add(pendingT[i], pendingV[i]);
      }
      pendingSeries.clear();
    }

    @Override
    public void rollback() {
      done = true;
      pendingSeries.clear();
    }
  }

  private final class MemQuerier implements Querier {
    private final long minT;
    private final long maxT;

    MemQuerier(long minT, long maxT) {
      this.minT = minT;
      this.maxT = maxT;
    }

    private List<MemSeries> matching(List<Matcher> matchers) {
      List<MemSeries> out = new ArrayList<>();
      for (MemSeries s : byLabels.values()) {
        boolean ok = true;
        for (Matcher m : matchers) {
          if (!m.matches(s.labels)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          out.add(s);
        }
      }
      return out;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
      List<Series> result = new ArrayList<>();
      for (MemSeries s : matching(matchers)) {
        ArraySeries copy = s.snapshot(minT, maxT);
        if (copy.ts().length > 0) {
          result.add(copy);
        }
      }
      result.sort(Comparator.comparing(Series::labels));
      return new ListSeriesSet(result);
    }

    @Override
    public List<String> labelValues(String name, List<Matcher> matchers) {
      TreeSet<String> values = new TreeSet<>();
      for (MemSeries s : matching(matchers)) {
        if (hasSamplesInRange(s)) {
          String v = s.labels.get(name);
          if (!v.isEmpty()) {
            values.add(v);
          }
        }
      }
      return List.copyOf(values);
    }

    @Override
    public List<String> labelNames(List<Matcher> matchers) {
      TreeSet<String> names = new TreeSet<>();
      for (MemSeries s : matching(matchers)) {
        if (hasSamplesInRange(s)) {
          for (int i = 0; i < s.labels.size(); i++) {
            names.add(s.labels.name(i));
          }
        }
      }
      return List.copyOf(names);
    }

    private boolean hasSamplesInRange(MemSeries s) {
      return s.snapshot(minT, maxT).ts().length > 0;
    }

    @Override
    public void close() {}
  }

  private record ArraySeries(Labels labels, long[] ts, double[] vs) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new ArrayIterator(ts, vs);
    }
  }

  private static final class ListSeriesSet implements SeriesSet {
    private final List<Series> series;
    private int i = -1;

    ListSeriesSet(List<Series> series) {
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

  /** Iterates parallel arrays of timestamps and values. */
  private static final class ArrayIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private int i = -1;

    ArrayIterator(long[] ts, double[] vs) {
      this.ts = ts;
      this.vs = vs;
    }

    @Override
    public boolean next() {
      if (i < ts.length) {
        i++;
      }
      return i < ts.length;
    }

    @Override
    public boolean seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < ts.length && ts[i] < t) {
        i++;
      }
      return i < ts.length;
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
}

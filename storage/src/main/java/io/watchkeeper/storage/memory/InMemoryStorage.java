package io.watchkeeper.storage.memory;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.FloatHistogram.CounterResetHint;
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
 *
 * <p>It also holds native histogram samples (which the TSDB does not yet), and sets their
 * counter-reset hints as Prometheus' histogram chunks report them: a histogram after another one
 * reads back as {@code not_reset}, or {@code reset} if its counts went down (or it said so); the
 * first of a series, or the first after a float or stale sample, keeps {@code reset} and otherwise
 * reads {@code unknown}; {@code gauge} histograms keep their hint.
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
    /** The histogram of each sample, null for floats; null until the series gets its first one. */
    @Nullable FloatHistogram @Nullable [] hs;
    int n;

    MemSeries(long ref, Labels labels) {
      this.ref = ref;
      this.labels = labels;
    }

    synchronized void add(long t, double v, @Nullable FloatHistogram h) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
        if (hs != null) {
          hs = Arrays.copyOf(hs, n * 2);
        }
      }
      if (h != null) {
        if (hs == null) {
          hs = new FloatHistogram[ts.length];
        }
        hs[n] = withStoredHint(h, n == 0 ? null : hs[n - 1]);
      } else if (hs != null) {
        hs[n] = null;
      }
      ts[n] = t;
      vs[n] = v;
      n++;
    }

    /** The hint a histogram chunk would report for {@code h} after {@code prev} (see the class comment). */
    private static FloatHistogram withStoredHint(FloatHistogram h, @Nullable FloatHistogram prev) {
      CounterResetHint hint = h.counterResetHint();
      if (hint == CounterResetHint.GAUGE || h.isStale()) {
        return h;
      }
      if (prev == null || prev.isStale() || prev.counterResetHint() == CounterResetHint.GAUGE) {
        return hint == CounterResetHint.RESET ? h : h.withCounterResetHint(CounterResetHint.UNKNOWN);
      }
      boolean reset = hint == CounterResetHint.RESET || h.isResetAfter(prev);
      return h.withCounterResetHint(reset ? CounterResetHint.RESET : CounterResetHint.NOT_RESET);
    }

    synchronized long lastT() {
      return n == 0 ? Long.MIN_VALUE : ts[n - 1];
    }

    synchronized double lastV() {
      return vs[n - 1];
    }

    synchronized @Nullable FloatHistogram lastH() {
      return hs == null ? null : hs[n - 1];
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
      return new ArraySeries(labels, Arrays.copyOfRange(ts, from, to), Arrays.copyOfRange(vs, from, to),
          hs == null ? null : Arrays.copyOfRange(hs, from, to));
    }
  }

  private final class MemAppender implements Appender {
    private final List<MemSeries> pendingSeries = new ArrayList<>();
    private long[] pendingT = new long[16];
    private double[] pendingV = new double[16];
    private @Nullable FloatHistogram[] pendingH = new FloatHistogram[16];
    private boolean done;

    @Override
    public long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException {
      return add(ref, labels, t, v, null);
    }

    @Override
    public long appendHistogram(long ref, @Nullable Labels labels, long t, FloatHistogram h) throws AppendException {
      return add(ref, labels, t, 0, h);
    }

    private long add(long ref, @Nullable Labels labels, long t, double v, @Nullable FloatHistogram h) throws AppendException {
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
      FloatHistogram lastH = null;
      boolean found = lastT != Long.MIN_VALUE;
      if (found) {
        lastV = s.lastV();
        lastH = s.lastH();
      }
      for (int i = pendingSeries.size() - 1; i >= 0; i--) {
        if (pendingSeries.get(i) == s) {
          lastT = pendingT[i];
          lastV = pendingV[i];
          lastH = pendingH[i];
          found = true;
          break;
        }
      }
      if (found) {
        if (t < lastT) {
          throw new AppendException(AppendException.Reason.OUT_OF_ORDER, "");
        }
        if (t == lastT) {
          boolean same = h == null
              ? lastH == null && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV)
              : h.withCounterResetHint(CounterResetHint.UNKNOWN).equals(lastH == null ? null : lastH.withCounterResetHint(CounterResetHint.UNKNOWN));
          if (same) {
            return s.ref; // an identical sample again: accepted, not stored twice
          }
          throw new AppendException(AppendException.Reason.DUPLICATE_SAMPLE, "");
        }
      }
      int i = pendingSeries.size();
      if (i == pendingT.length) {
        pendingT = Arrays.copyOf(pendingT, i * 2);
        pendingV = Arrays.copyOf(pendingV, i * 2);
        pendingH = Arrays.copyOf(pendingH, i * 2);
      }
      pendingSeries.add(s);
      pendingT[i] = t;
      pendingV[i] = v;
      pendingH[i] = h;
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
        pendingSeries.get(i).add(pendingT[i], pendingV[i], pendingH[i]);
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

  private record ArraySeries(Labels labels, long[] ts, double[] vs, @Nullable FloatHistogram @Nullable [] hs) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new ArrayIterator(ts, vs, hs);
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

  /** Iterates parallel arrays of timestamps and values (and histograms, if the series has any). */
  private static final class ArrayIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private final @Nullable FloatHistogram @Nullable [] hs;
    private int i = -1;

    ArrayIterator(long[] ts, double[] vs, @Nullable FloatHistogram @Nullable [] hs) {
      this.ts = ts;
      this.vs = vs;
      this.hs = hs;
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
      if (isHistogram()) {
        throw new IllegalStateException("BUG: value() on a histogram sample; check isHistogram() first");
      }
      return vs[i];
    }

    @Override
    public boolean isHistogram() {
      return hs != null && hs[i] != null;
    }

    @Override
    public FloatHistogram histogram() {
      FloatHistogram h = hs == null ? null : hs[i];
      if (h == null) {
        throw new IllegalStateException("BUG: histogram() on a float sample; check isHistogram() first");
      }
      return h;
    }
  }
}

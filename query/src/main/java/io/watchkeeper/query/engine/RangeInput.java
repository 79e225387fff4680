package io.watchkeeper.query.engine;

import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.ExtendedSelector;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.ParenExpr;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.VectorSelector;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * A range-vector argument ({@code foo[5m]} or a subquery) prepared for one grid: its series, and
 * for each step the window {@code (end - range, end]} it covers (Prometheus 3: left-open). Series
 * are read one at a time into a {@link SampleBuffer}, so a function slides its window over each
 * series once instead of decoding every window again. Thread-safe for disjoint series ranges.
 */
abstract sealed class RangeInput {
  private final long[] windowEnds;
  private final long rangeMillis;
  final QueryContext ctx;

  private RangeInput(QueryContext ctx, long[] windowEnds, long rangeMillis) {
    this.ctx = ctx;
    this.windowEnds = windowEnds;
    this.rangeMillis = rangeMillis;
  }

  /**
   * The range input of a matrix selector or subquery; parentheses around it are looked through.
   *
   * @param receiver what reads the input ({@code rate()}), named in the error if it holds native
   *     histograms, which no range function handles yet
   */
  static RangeInput of(Evaluator ev, Expr e, String receiver) {
    return switch (e) {
      case MatrixSelector m -> ofSelector(ev, m, receiver);
      case SubqueryExpr s -> ofSubquery(ev, s, receiver);
      case ParenExpr p -> of(ev, p.expr(), receiver);
      case ExtendedSelector x -> throw Evaluator.unsupportedExtendedSelector(x);
      default -> throw new IllegalStateException("BUG: not a range vector: " + e);
    };
  }

  private static RangeInput ofSelector(Evaluator ev, MatrixSelector m, String receiver) {
    VectorSelector vs = m.selector();
    long[] ends = ev.windowEnds(vs.at(), vs.offsetMillis());
    long minT = min(ends) - m.rangeMillis() + 1 - ev.ctx.windowStartShift();
    long maxT = max(ends);
    List<Series> series = Selectors.select(ev, vs, minT, maxT, "", m.rangeMillis());
    return new StorageRange(ev.ctx, ends, m.rangeMillis(), series, minT, maxT, receiver);
  }

  private static RangeInput ofSubquery(Evaluator ev, SubqueryExpr s, String receiver) {
    long[] ends = ev.windowEnds(s.at(), s.offsetMillis());
    long step = s.stepMillis() > 0 ? s.stepMillis() : ev.ctx.options.defaultSubqueryStep().toMillis();
    long from = min(ends) - s.rangeMillis();
    // First step after the window start aligned to a multiple of the step (Go's truncating division).
    long start = step * (from / step);
    if (start < from || (start == from && !ev.ctx.isPrometheus2())) {
      start += step;
    }
    long end = max(ends);
    List<StepSeries> inner;
    Grid innerGrid = null;
    if (end < start) {
      inner = List.of();
    } else {
      innerGrid = Grid.range(start, end, step);
      inner = new Evaluator(ev.ctx, innerGrid, receiver).evalVector(s.expr());
    }
    return new SubqueryRange(ev.ctx, ends, s.rangeMillis(), inner, innerGrid);
  }

  private static long min(long[] a) {
    long m = Long.MAX_VALUE;
    for (long x : a) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static long max(long[] a) {
    long m = Long.MIN_VALUE;
    for (long x : a) {
      m = Math.max(m, x);
    }
    return m;
  }

  long windowEnd(int step) {
    return windowEnds[step];
  }

  int steps() {
    return windowEnds.length;
  }

  long rangeMillis() {
    return rangeMillis;
  }

  /** The exclusive lower bound of step {@code i}'s window. */
  long windowExclusiveStart(int step) {
    return windowEnds[step] - rangeMillis - ctx.windowStartShift();
  }

  /** Number of series. */
  abstract int size();

  /**
   * Loads series {@code from} to {@code to} (exclusive) one by one into a buffer and hands it to
   * {@code consumer}; the buffer is reused for the next series.
   */
  abstract void forEachSeries(int from, int to, SeriesConsumer consumer);

  /** Receives series {@code index} loaded into {@code buffer}. */
  interface SeriesConsumer {
    void accept(int index, SampleBuffer buffer);
  }

  /** Series read from storage. */
  private static final class StorageRange extends RangeInput {
    private final List<Series> series;
    private final long minT;
    private final long maxT;
    private final String receiver;

    StorageRange(QueryContext ctx, long[] ends, long range, List<Series> series, long minT, long maxT, String receiver) {
      super(ctx, ends, range);
      this.series = series;
      this.minT = minT;
      this.maxT = maxT;
      this.receiver = receiver;
    }

    @Override
    int size() {
      return series.size();
    }

    @Override
    void forEachSeries(int from, int to, SeriesConsumer consumer) {
      SampleBuffer buf = new SampleBuffer();
      SampleIterator it = null;
      for (int i = from; i < to; i++) {
        if ((i & 63) == 0) {
          ctx.checkDeadline();
        }
        Series s = series.get(i);
        buf.reset(s.labels(), false);
        it = s.iterator(it);
        boolean has = it.seek(minT);
        while (has && it.timestamp() <= maxT) {
          if (it.isHistogram()) {
            if (it.histogram().isStale()) {
              has = it.next();
              continue;
            }
            throw QueryFailure.execution(StepSeries.unsupported(receiver));
          }
          double v = it.value();
          if (!StaleMarker.isStale(v)) {
            buf.add(it.timestamp(), StepSeries.fromStorage(v));
          }
          has = it.next();
        }
        int held = buf.n;
        ctx.acquire(held);
        try {
          consumer.accept(i, buf);
        } finally {
          ctx.release(held);
        }
      }
    }
  }

  /** The points of a subquery's inner evaluation. */
  private static final class SubqueryRange extends RangeInput {
    private final List<StepSeries> inner;
    private final Grid innerGrid;

    SubqueryRange(QueryContext ctx, long[] ends, long range, List<StepSeries> inner, Grid innerGrid) {
      super(ctx, ends, range);
      this.inner = new ArrayList<>(inner);
      this.innerGrid = innerGrid;
    }

    @Override
    int size() {
      return inner.size();
    }

    @Override
    void forEachSeries(int from, int to, SeriesConsumer consumer) {
      SampleBuffer buf = new SampleBuffer();
      for (int i = from; i < to; i++) {
        if ((i & 63) == 0) {
          ctx.checkDeadline();
        }
        StepSeries s = inner.get(i);
        buf.reset(s.labels, s.dropName);
        for (int k = 0; k < s.values.length; k++) {
          if (!StepSeries.isAbsent(s.values[k])) {
            buf.add(innerGrid.time(k), s.values[k]);
          }
        }
        consumer.accept(i, buf);
      }
    }
  }
}

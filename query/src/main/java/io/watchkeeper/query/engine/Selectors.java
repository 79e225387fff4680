package io.watchkeeper.query.engine;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.VectorSelector;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.StorageException;
import io.watchkeeper.query.QueryStorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Instant-vector selection: for each step, the newest sample in {@code (t - lookback, t]}, unless
 * that sample is a stale marker (which ends the series' lookback). Each series is read once with
 * a cursor that moves forward across the steps, seeking over gaps longer than the lookback. A
 * native histogram sample is selected the same way (a float stale marker or a histogram one ends
 * it too) and lands in the series' histogram steps.
 */
final class Selectors {
  private final Evaluator ev;

  Selectors(Evaluator ev) {
    this.ev = ev;
  }

  /** The series matching a selector's matchers with samples in {@code [minT, maxT]}. */
  static List<Series> select(Evaluator ev, VectorSelector vs, long minT, long maxT, String function, long range) {
    Querier q = ev.ctx.querier(minT, maxT);
    SelectHints hints = new SelectHints(minT, maxT, ev.grid.steps() > 1 ? ev.grid.interval() : 0, function, range, List.of(), false);
    List<Series> out = new ArrayList<>();
    try {
      SeriesSet set = q.select(false, hints, vs.matchers());
      while (set.next()) {
        out.add(set.at());
        if ((out.size() & 1023) == 0) {
          ev.ctx.checkDeadline();
          ev.ctx.checkSeriesCount(out.size());
        }
      }
    } catch (StorageException e) {
      throw new QueryFailure(new QueryStorageException("cannot select series: " + e.getMessage(), e));
    }
    ev.ctx.checkSeriesCount(out.size());
    return out;
  }

  /**
   * Evaluates an instant selector. With {@code timestamps}, each point is the timestamp of the
   * sample found (in seconds) instead of its value: what {@code timestamp(selector)} returns.
   */
  VectorSteps instant(VectorSelector vs, boolean timestamps) {
    List<StepSeries> result = new ArrayList<>();
    stream(vs, timestamps, Integer.MAX_VALUE, result::addAll);
    return new VectorSteps(result);
  }

  /**
   * Evaluates an instant selector and hands the series to {@code sink} in batches, in order. A
   * batch holding native histograms fails if the evaluator's receiver is not the query result.
   */
  void stream(VectorSelector vs, boolean timestamps, int batch, Consumer<List<StepSeries>> sink) {
    long[] ends = ev.windowEnds(vs.at(), vs.offsetMillis());
    long lookback = ev.ctx.lookbackMillis() + ev.ctx.windowStartShift();
    long minT = Arrays.stream(ends).min().orElseThrow() - lookback + 1;
    long maxT = Arrays.stream(ends).max().orElseThrow();
    List<Series> series = select(ev, vs, minT, maxT, "", 0);
    for (int first = 0; first < series.size(); first += batch) {
      int base = first;
      StepSeries[] out = new StepSeries[Math.min(batch, series.size() - first)];
      ev.ctx.parallelFor(out.length, (from, to) -> {
        SampleIterator it = null;
        FloatHistogram[][] histograms = new FloatHistogram[1][]; // one holder per task, reset per series
        for (int i = from; i < to; i++) {
          if ((i & 255) == 0) {
            ev.ctx.checkDeadline();
          }
          Series s = series.get(base + i);
          it = s.iterator(it);
          double[] values = new double[ends.length];
          ev.ctx.acquire(values.length);
          histograms[0] = null;
          if (fill(ev.ctx, it, ends, lookback, timestamps, values, histograms)) {
            out[i] = new StepSeries(s.labels(), values, histograms[0], false);
          } else {
            ev.ctx.release(values.length);
          }
        }
      });
      List<StepSeries> result = new ArrayList<>(out.length);
      for (StepSeries s : out) {
        if (s != null) {
          result.add(s);
        }
      }
      String receiver = ev.receiver();
      if (receiver != null) {
        StepSeries.rejectHistograms(result, receiver);
      }
      sink.accept(result);
    }
  }

  /**
   * Fills one value per window end; false if no step found a sample. Histogram samples go into
   * {@code histograms[0]}, created on the first one, unless {@code timestamps} is set.
   */
  private static boolean fill(QueryContext ctx, SampleIterator it, long[] ends, long lookback, boolean timestamps,
      double[] values, @Nullable FloatHistogram[] @Nullable [] histograms) {
    boolean any = false;
    // t: the current sample's timestamp, read once per move; MAX_VALUE once the series ended (no
    // step end reaches it, and the series' own timestamps stay below it).
    long t = it.next() ? it.timestamp() : Long.MAX_VALUE;
    long lastT = Long.MIN_VALUE;
    double lastV = 0;
    FloatHistogram lastH = null;
    for (int i = 0; i < ends.length; i++) {
      if ((i & 0xFFFF) == 0xFFFF) {
        ctx.checkDeadline(); // a subquery's inner grid can have millions of steps
      }
      long end = ends[i];
      long from = end - lookback; // exclusive
      if (t <= from) {
        // Everything before the window is irrelevant: skip it (chunks can be skipped whole).
        t = it.seek(from + 1) ? it.timestamp() : Long.MAX_VALUE;
        lastT = Long.MIN_VALUE;
      }
      if (t <= end) {
        // Only the last sample at or before the step counts: whole chunks before it need no decoding.
        t = it.skipTowards(end) ? it.timestamp() : Long.MAX_VALUE;
      }
      while (t <= end) {
        lastT = t;
        if (it.isHistogram()) {
          lastH = it.histogram();
          lastV = lastH.isStale() ? StaleMarker.STALE_NAN : 0;
        } else {
          lastH = null;
          lastV = it.value();
        }
        t = it.next() ? it.timestamp() : Long.MAX_VALUE;
      }
      if (lastT > from && lastT <= end && !StaleMarker.isStale(lastV)) {
        if (lastH != null && !timestamps) {
          if (histograms[0] == null) {
            histograms[0] = new FloatHistogram[ends.length];
          }
          histograms[0][i] = lastH;
          values[i] = StepSeries.ABSENT;
        } else {
          values[i] = timestamps ? lastT / 1000.0 : StepSeries.fromStorage(lastV);
        }
        any = true;
      } else {
        values[i] = StepSeries.ABSENT;
      }
    }
    return any;
  }
}

package io.watchkeeper.storage.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.storage.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The merge against the obvious reference: all sources' samples sorted by time, of equal
 * timestamps the earliest source's, read by next, seek and skipTowards in random orders. Sources
 * that follow one another in time (consecutive blocks), overlap (out-of-order data), repeat
 * timestamps, or are empty.
 */
class MergeSampleIteratorTest {
  /** Sample times per source; a sample's value names its source and position. */
  private record Case(String name, long[][] times) {
    MergeSampleIterator iterator() {
      List<SampleIterator> its = new ArrayList<>();
      for (int s = 0; s < times.length; s++) {
        double[] vs = new double[times[s].length];
        for (int k = 0; k < vs.length; k++) {
          vs[k] = s * 1_000_000 + k;
        }
        its.add(new ArraySampleIterator(times[s], vs, vs.length)); // skips as far as it may, as chunks do
      }
      return new MergeSampleIterator(its);
    }

    /** Timestamp to value of the merged series: the earliest source wins a shared timestamp. */
    TreeMap<Long, Double> expected() {
      TreeMap<Long, Double> m = new TreeMap<>();
      for (int s = 0; s < times.length; s++) {
        for (int k = 0; k < times[s].length; k++) {
          m.putIfAbsent(times[s][k], (double) (s * 1_000_000 + k));
        }
      }
      return m;
    }
  }

  private static List<Case> cases() {
    Random r = new Random(7);
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("consecutive blocks and an empty head", new long[][] {range(0, 40, 15), range(600, 200, 15), {}}));
    cases.add(new Case("consecutive blocks and a head", new long[][] {range(0, 50, 10), range(500, 50, 10), range(1000, 30, 10)}));
    cases.add(new Case("the head listed first", new long[][] {range(1000, 30, 10), range(0, 50, 10), range(500, 50, 10)}));
    cases.add(new Case("one source", new long[][] {range(5, 100, 7)}));
    cases.add(new Case("all empty", new long[][] {{}, {}}));
    cases.add(new Case("the same samples twice", new long[][] {range(0, 60, 5), range(0, 60, 5)}));
    cases.add(new Case("touching ranges", new long[][] {range(0, 10, 10), range(90, 10, 10), range(180, 5, 10)}));
    for (int n = 0; n < 40; n++) {
      long[][] times = new long[1 + r.nextInt(4)][];
      for (int s = 0; s < times.length; s++) {
        times[s] = randomTimes(r, r.nextInt(60), 1 + r.nextInt(8));
      }
      cases.add(new Case("random overlapping " + n, times));
    }
    return cases;
  }

  private static long[] range(long start, int n, long step) {
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      t[k] = start + k * step;
    }
    return t;
  }

  private static long[] randomTimes(Random r, int n, int maxGap) {
    long[] t = new long[n];
    long at = r.nextInt(50);
    for (int k = 0; k < n; k++) {
      at += 1 + r.nextInt(maxGap);
      t[k] = at;
    }
    return t;
  }

  @Test
  void nextReadsTheMergedSeries() {
    for (Case c : cases()) {
      MergeSampleIterator it = c.iterator();
      TreeMap<Long, Double> got = new TreeMap<>();
      List<Long> order = new ArrayList<>();
      while (it.next()) {
        order.add(it.timestamp());
        got.put(it.timestamp(), it.value());
      }
      assertThat(got).as(c.name()).isEqualTo(c.expected());
      assertThat(order).as(c.name() + ": increasing, no repeats").isSorted().doesNotHaveDuplicates();
      assertThat(it.next()).as(c.name() + ": stays exhausted").isFalse();
    }
  }

  @Test
  void randomReadsAgreeWithTheReference() {
    Random r = new Random(11);
    for (Case c : cases()) {
      long[] ts = c.expected().keySet().stream().mapToLong(Long::longValue).toArray();
      double[] vs = c.expected().values().stream().mapToDouble(Double::doubleValue).toArray();
      long last = ts.length == 0 ? 100 : ts[ts.length - 1] + 20;
      for (int run = 0; run < 30; run++) {
        MergeSampleIterator it = c.iterator();
        int pos = -1; // index into ts of the reference position; ts.length when exhausted
        for (int op = 0; op < 40 && pos < ts.length; op++) {
          String what = c.name() + ", run " + run + ", op " + op;
          boolean has;
          int kind = pos < 0 ? r.nextInt(2) : r.nextInt(3);
          long t = r.nextLong(-10, last);
          if (kind == 0) {
            has = it.next();
            pos++;
          } else if (kind == 1) {
            has = it.seek(t);
            pos = Math.max(Math.max(pos, 0), firstAtOrAfter(ts, t));
            what += " seek(" + t + ")";
          } else {
            // As a reader of the last sample at or before t: skip, then read up to t. What is
            // passed over is not observable, but the last sample <= t must be read and the
            // series must go on after it unchanged.
            what += " skipTowards(" + t + ")";
            has = it.skipTowards(t);
            double lastV = Double.NaN;
            while (has && it.timestamp() <= t) {
              lastV = it.value();
              has = it.next();
            }
            int after = Math.max(pos, firstAtOrAfter(ts, t + 1));
            if (after > pos) {
              assertThat(lastV).as(what + ": the last sample at or before it").isEqualTo(vs[after - 1]);
            }
            pos = after;
          }
          assertThat(has).as(what).isEqualTo(pos < ts.length);
          if (has) {
            assertThat(it.timestamp()).as(what).isEqualTo(ts[pos]);
            assertThat(it.value()).as(what).isEqualTo(vs[pos]);
          }
        }
      }
    }
  }

  /** Index of the first timestamp {@code >= t}; {@code ts.length} when none. */
  private static int firstAtOrAfter(long[] ts, long t) {
    int k = 0;
    while (k < ts.length && ts[k] < t) {
      k++;
    }
    return k;
  }
}

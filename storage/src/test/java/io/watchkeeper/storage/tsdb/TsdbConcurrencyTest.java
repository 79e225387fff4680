package io.watchkeeper.storage.tsdb;

import static io.watchkeeper.storage.tsdb.TsdbTestSupport.readAll;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads appending (with cached references, as scrapes do) while others query and the head
 * is compacted into blocks: every sample ends up stored exactly once, and readers never see a
 * broken series.
 */
class TsdbConcurrencyTest {
  @TempDir Path dir;

  private static Labels labels(int writer, int i) {
    return Labels.of("__name__", "load", "writer", Integer.toString(writer), "i", Integer.toString(i));
  }

  @Test
  void racingCommitsToTheSameSeriesReplayToWhatWasStored() throws Exception {
    ManualClock clock = new ManualClock(0);
    TsdbOptions opts = TsdbOptions.defaults(dir.resolve("live"), new PrometheusRegistry()).withClock(clock);
    AtomicLong time = new AtomicLong(1000);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    Map<Labels, List<String>> stored;
    Tsdb db = Tsdb.open(opts);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      threads.add(new Thread(() -> {
        try {
          for (int k = 0; k < 300; k++) {
            Appender app = db.appender();
            long t = time.incrementAndGet();
            for (int i = 0; i < 10; i++) {
              try {
                app.append(0, labels(0, i), t, t * 10 + i);
              } catch (AppendException e) {
                // another thread got a newer sample in first: expected under this race
              }
            }
            app.commit();
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    stored = readAll(db, 0, Long.MAX_VALUE);
    assertThat(stored).hasSize(10);
    Path crashed = dir.resolve("crashed");
    TsdbTestSupport.copyDir(dir.resolve("live"), crashed);
    db.close();
    try (Tsdb again = Tsdb.open(TsdbOptions.defaults(crashed, new PrometheusRegistry()).withClock(clock))) {
      assertThat(readAll(again, 0, Long.MAX_VALUE)).isEqualTo(stored);
    }
  }

  private static int slowest(AtomicIntegerArray progress) {
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < progress.length(); i++) {
      min = Math.min(min, progress.get(i));
    }
    return min;
  }

  @Test
  void concurrentAppendsQueriesAndCompactions() throws Exception {
    int writers = 4;
    int perWriter = 40;
    int steps = 600;
    long step = 100;
    ManualClock clock = new ManualClock(0);
    TsdbOptions opts = TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(clock)
        .withBlockRange(Duration.ofMillis(10_000)).withWalSegmentBytes(64 * 1024);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    // Scrapes run on one clock: a writer does not run more than 10 steps ahead of the slowest, or
    // its samples would move the head past what the slowest may still append.
    AtomicIntegerArray progress = new AtomicIntegerArray(writers);
    try (Tsdb db = Tsdb.open(opts)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.add(new Thread(() -> {
          try {
            start.await();
            long[] refs = new long[perWriter];
            for (int s = 0; s < steps; s++) {
              while (s - slowest(progress) > 10) {
                Thread.yield();
              }
              long t = s * step;
              Appender app = db.appender();
              for (int i = 0; i < perWriter; i++) {
                try {
                  refs[i] = app.append(refs[i], refs[i] == 0 ? labels(writer, i) : null, t, value(i, t));
                } catch (AppendException e) {
                  if (e.reason() != AppendException.Reason.UNKNOWN_REF) {
                    throw e;
                  }
                  refs[i] = app.append(0, labels(writer, i), t, value(i, t)); // removed by truncation
                }
              }
              app.commit();
              progress.set(writer, s + 1);
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      for (int r = 0; r < 2; r++) {
        threads.add(new Thread(() -> {
          try {
            start.await();
            while (!done.get()) {
              try (Querier q = db.querier(0, Long.MAX_VALUE)) {
                SeriesSet set = q.select(false, SelectHints.range(0, Long.MAX_VALUE), List.of(Matcher.metricName("load")));
                while (set.next()) {
                  int i = Integer.parseInt(set.at().labels().get("i"));
                  SampleIterator it = set.at().iterator(null);
                  long prev = -1;
                  while (it.next()) {
                    if (it.timestamp() <= prev || it.value() != value(i, it.timestamp())) {
                      throw new AssertionError("bad sample in " + set.at().labels() + " at " + it.timestamp());
                    }
                    prev = it.timestamp();
                  }
                }
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }));
      }
      Thread compactor = new Thread(() -> {
        try {
          start.await();
          while (!done.get()) {
            db.compact();
            Thread.onSpinWait();
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.forEach(Thread::start);
      compactor.start();
      start.countDown();
      for (int w = 0; w < writers; w++) {
        threads.get(w).join();
      }
      done.set(true);
      for (Thread t : threads) {
        t.join();
      }
      compactor.join();
      assertThat(errors).isEmpty();
      Map<Labels, List<String>> all = readAll(db, 0, Long.MAX_VALUE);
      assertThat(all).hasSize(writers * perWriter);
      for (Map.Entry<Labels, List<String>> e : all.entrySet()) {
        assertThat(e.getValue()).as("%s", e.getKey()).hasSize(steps);
      }
      assertThat(db.blockMetas()).isNotEmpty();
    }
    try (Tsdb db = Tsdb.open(opts)) {
      Map<Labels, List<String>> all = readAll(db, 0, Long.MAX_VALUE);
      assertThat(all.values()).allSatisfy(l -> assertThat(l).hasSize(steps));
    }
  }
}

package io.watchkeeper.storage.tsdb;

import static io.watchkeeper.storage.tsdb.TsdbTestSupport.copyDir;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.counter;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-order window: what it accepts, how it is queried, persisted and replayed. */
class TsdbOutOfOrderTest {
  private static final long HOUR = 3_600_000;
  private static final Labels A = Labels.of("__name__", "temp", "room", "a");
  private static final Labels B = Labels.of("__name__", "temp", "room", "b");
  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(1000 * HOUR);
  private final PrometheusRegistry reg = new PrometheusRegistry();

  private TsdbOptions options(Path dir, Duration window) {
    return TsdbOptions.defaults(dir, reg).withClock(clock).withOutOfOrderWindow(window).withRetention(Duration.ofDays(30));
  }

  private static String s(long t, double v) {
    return t + "=" + Double.doubleToRawLongBits(v);
  }

  @Test
  void withoutAWindowOlderSamplesAreRejectedWithAReason() throws Exception {
    try (Tsdb db = Tsdb.open(options(tmp, Duration.ZERO))) {
      Appender app = db.appender();
      app.append(0, A, 10 * HOUR, 1);
      app.commit();
      Appender next = db.appender();
      assertThatThrownBy(() -> next.append(0, A, 10 * HOUR - 1, 2))
          .isInstanceOfSatisfying(AppendException.class, e -> {
            assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_ORDER);
            assertThat(e.getMessage()).contains("older than the series' newest sample").contains("window is 0");
          });
      assertThatThrownBy(() -> next.append(0, B, 9 * HOUR - 1, 2)) // half a block behind the head
          .isInstanceOfSatisfying(AppendException.class, e -> {
            assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_BOUNDS);
            assertThat(e.getMessage()).contains("older than the oldest time the head accepts");
          });
      next.rollback();
      assertThat(counter(reg, "watchkeeper_tsdb_out_of_order_samples_total")).isEqualTo(1);
      assertThat(counter(reg, "watchkeeper_tsdb_rejected_samples_total")).isEqualTo(2);
    }
  }

  @Test
  void samplesInsideTheWindowAreAcceptedMergedAndPersisted() throws Exception {
    clock.set(11 * HOUR);
    Path dir = tmp.resolve("db");
    TreeMap<Long, Double> want = new TreeMap<>();
    try (Tsdb db = Tsdb.open(options(dir, Duration.ofHours(1)))) {
      Appender app = db.appender();
      for (long t = 10 * HOUR; t <= 10 * HOUR + 600_000; t += 60_000) {
        app.append(0, A, t, t / 60_000.0);
        want.put(t, t / 60_000.0);
      }
      app.commit();
      // Late samples between existing ones and before the first, in random order.
      List<Long> late = new ArrayList<>();
      for (long t = 10 * HOUR - 1_200_000; t < 10 * HOUR + 600_000; t += 30_000) {
        if (!want.containsKey(t)) {
          late.add(t);
        }
      }
      Collections.shuffle(late, new Random(2));
      app = db.appender();
      for (long t : late) {
        app.append(0, A, t, -t);
        want.put(t, (double) -t);
      }
      app.commit();
      app = db.appender();
      app.append(0, A, 10 * HOUR + 30_000, -(10 * HOUR + 30_000)); // a repeat: accepted, kept once
      Appender dup = app;
      assertThatThrownBy(() -> dup.append(0, A, 10 * HOUR + 30_000, 5))
          .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.DUPLICATE_SAMPLE));
      assertThatThrownBy(() -> dup.append(0, A, 10 * HOUR + 600_000 - HOUR - 1, 5))
          .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.getMessage()).contains("out-of-order window of 3600000ms"));
      app.commit();
      List<String> expect = new ArrayList<>();
      want.forEach((t, v) -> expect.add(s(t, v)));
      assertThat(readAll(db, 0, 20 * HOUR).get(A)).containsExactlyElementsOf(expect);
      // A restart replays the out-of-order samples from the WAL.
      Path copy = tmp.resolve("copy");
      copyDir(dir, copy);
      try (Tsdb again = Tsdb.open(TsdbOptions.defaults(copy, new PrometheusRegistry()).withClock(clock))) {
        assertThat(readAll(again, 0, 20 * HOUR).get(A)).containsExactlyElementsOf(expect);
      }
      db.flush();
      assertThat(db.blockMetas()).anySatisfy(m -> assertThat(m.outOfOrder()).isTrue());
      assertThat(db.head().oooSamples.get()).isZero();
      assertThat(readAll(db, 0, 20 * HOUR).get(A)).containsExactlyElementsOf(expect);
    }
    try (Tsdb db = Tsdb.open(options(dir, Duration.ofHours(1)))) {
      assertThat(readAll(db, 0, 20 * HOUR).get(A)).hasSize(want.size());
      // Overlapping blocks (in-order and out-of-order ones of the same range) are merged.
      db.compact();
      List<BlockMeta> metas = db.blockMetas();
      for (int i = 1; i < metas.size(); i++) {
        assertThat(metas.get(i).minTime()).isGreaterThanOrEqualTo(metas.get(i - 1).maxTime());
      }
      assertThat(readAll(db, 0, 20 * HOUR).get(A)).hasSize(want.size());
    }
  }

  @Test
  void weeksOfHistoryImportIntoTheirOwnBlocks() throws Exception {
    Path dir = tmp.resolve("db");
    long now = 1000 * HOUR;
    long from = now - 21 * 24 * HOUR;
    try (Tsdb db = Tsdb.open(options(dir, Duration.ofDays(30)))) {
      // Scraping is live...
      Appender app = db.appender();
      app.append(0, A, now, 1);
      app.commit();
      // ...and three weeks of a series' history arrive at 5-minute resolution, oldest first.
      int n = 0;
      app = db.appender();
      for (long t = from; t < now - HOUR; t += 300_000) {
        app.append(0, B, t, n++);
        if (n % 1000 == 0) {
          app.commit();
          app = db.appender();
        }
      }
      app.commit();
      // and some for A too, older than its newest sample
      app = db.appender();
      app.append(0, A, from, 42);
      app.commit();
      Map<Labels, List<String>> got = readAll(db, 0, 2000 * HOUR);
      assertThat(got.get(B)).hasSize(n);
      assertThat(got.get(A)).containsExactly(s(from, 42), s(now, 1));
      db.compact(); // the out-of-order data is far behind the head: compacted into blocks
      assertThat(db.head().oooSamples.get()).isZero();
      // Few large blocks rather than one per two-hour range (the head's range cannot take them).
      assertThat(db.blockMetas()).hasSizeBetween(2, 30).allSatisfy(m -> assertThat(m.outOfOrder()).isTrue());
      assertThat(readAll(db, 0, 2000 * HOUR).get(B)).hasSize(n);
    }
    try (Tsdb db = Tsdb.open(options(dir, Duration.ofDays(30)))) {
      Map<Labels, List<String>> got = readAll(db, 0, 2000 * HOUR);
      assertThat(got.get(B)).hasSize((int) ((now - HOUR - from + 299_999) / 300_000));
      assertThat(got.get(A)).containsExactly(s(from, 42), s(now, 1));
    }
  }

  @Test
  void anImportAppenderBringsItsOwnWindowWhileScrapesKeepNone() throws Exception {
    try (Tsdb db = Tsdb.open(options(tmp, Duration.ZERO))) {
      Appender scrape = db.appender();
      scrape.append(0, A, 1000 * HOUR, 1);
      scrape.commit();
      Appender imp = db.appender(Duration.ofDays(7));
      for (long t = 1000 * HOUR - 48 * HOUR; t < 1000 * HOUR; t += HOUR) {
        imp.append(0, A, t, t / HOUR);
        imp.append(0, B, t, -t / HOUR);
      }
      imp.commit();
      Appender late = db.appender();
      assertThatThrownBy(() -> late.append(0, A, 1000 * HOUR - 1, 5))
          .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_ORDER));
      late.rollback();
      Map<Labels, List<String>> got = readAll(db, 0, 2000 * HOUR);
      assertThat(got.get(A)).hasSize(49);
      assertThat(got.get(B)).hasSize(48);
      assertThatThrownBy(() -> db.appender(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void samplesOlderThanTheRetentionAreRefused() throws Exception {
    try (Tsdb db = Tsdb.open(options(tmp, Duration.ofDays(60)))) {
      Appender app = db.appender();
      app.append(0, A, 1000 * HOUR, 1);
      app.append(0, B, 1000 * HOUR - 29 * 24 * HOUR, 1);
      app.commit();
      Appender old = db.appender();
      assertThatThrownBy(() -> old.append(0, B, 1000 * HOUR - 31 * 24 * HOUR, 1))
          .isInstanceOfSatisfying(AppendException.class, e -> {
            assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_BOUNDS);
            assertThat(e.getMessage()).contains("retention");
          });
      old.rollback();
    }
  }

  @Test
  void aNewSeriesBehindTheHeadGoesOutOfOrderAndItsOwnWindowApplies() throws Exception {
    try (Tsdb db = Tsdb.open(options(tmp, Duration.ofHours(2)))) {
      Appender app = db.appender();
      app.append(0, A, 100 * HOUR, 1);
      app.append(0, B, 100 * HOUR - HOUR, 1); // a new series, an hour back: out-of-order head
      app.commit();
      Appender late = db.appender();
      assertThatThrownBy(() -> late.append(0, B, 100 * HOUR - 3 * HOUR, 1))
          .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_ORDER));
      late.rollback();
      assertThat(readAll(db, 0, 200 * HOUR).get(B)).containsExactly(s(99 * HOUR, 1));
    }
  }

  @Test
  void anImportPersistsTheOutOfOrderHeadWhenItIsFullSoItsMemoryStaysBounded() throws Exception {
    long now = 1000 * HOUR;
    long from = now - 48 * HOUR;
    int series = 50;
    int batch = 1000;
    Path dir = tmp.resolve("db");
    long imported = 0;
    try (Tsdb db = Tsdb.open(options(dir, Duration.ZERO).withOutOfOrderMaxSamples(5_000))) { // no background loop
      Appender live = db.appender();
      live.append(0, A, now, 1);
      live.commit();
      long most = 0;
      Appender app = db.appender(Duration.ofDays(7));
      for (long t = from; t < now - HOUR; t += 60_000) { // 2820 steps, all behind the head
        for (int i = 0; i < series; i++) {
          app.append(0, Labels.of("__name__", "history", "i", Integer.toString(i)), t, i + t / 60_000.0);
          if (++imported % batch == 0) {
            app.commit();
            most = Math.max(most, db.head().oooSamples.get());
            app = db.appender(Duration.ofDays(7));
          }
        }
      }
      app.commit();
      assertThat(imported).isEqualTo(series * 2820L);
      // Never more than the limit plus the batch that crossed it, however much was imported.
      assertThat(most).isGreaterThan(5_000).isLessThanOrEqualTo(5_000 + batch);
      assertThat(db.blockMetas()).hasSizeGreaterThan(20).allSatisfy(m -> assertThat(m.outOfOrder()).isTrue());
      Map<Labels, List<String>> got = readAll(db, 0, 2000 * HOUR);
      assertThat(got.values().stream().mapToLong(List::size).sum()).isEqualTo(imported + 1);
    }
    // What was persisted stays so; the rest comes back from the WAL.
    try (Tsdb db = Tsdb.open(options(dir, Duration.ZERO))) {
      assertThat(db.head().oooSamples.get()).isLessThanOrEqualTo(5_000 + batch);
      assertThat(readAll(db, 0, 2000 * HOUR).values().stream().mapToLong(List::size).sum()).isEqualTo(imported + 1);
    }
  }
}

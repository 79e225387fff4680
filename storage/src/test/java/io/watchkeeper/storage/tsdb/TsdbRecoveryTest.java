package io.watchkeeper.storage.tsdb;

import static io.watchkeeper.storage.tsdb.TsdbTestSupport.appendRange;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.copyDir;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.counter;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.expected;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.readAll;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.tsdb.wal.Segments;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts after clean and unclean stops, with torn and corrupt WAL and head-chunk files. */
class TsdbRecoveryTest {
  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(1_000_000);

  private Tsdb open(Path dir, PrometheusRegistry reg) {
    return Tsdb.open(TsdbOptions.defaults(dir, reg).withClock(clock));
  }

  @Test
  void dataSurvivesCleanRestart() throws Exception {
    Path dir = tmp.resolve("a");
    try (Tsdb db = open(dir, new PrometheusRegistry())) {
      appendRange(db, 30, 0, 400_000, 1000); // 400 samples: three full chunks per series on disk
    }
    try (Tsdb db = open(dir, new PrometheusRegistry())) {
      assertThat(readAll(db, 0, 1_000_000)).isEqualTo(expected(30, 0, 400_000, 1000));
      // references are handed out anew and appends continue in order
      Appender app = db.appender();
      long ref = app.append(0, series(0), 400_000, 1);
      assertThat(app.append(ref, null, 401_000, 2)).isEqualTo(ref);
      app.commit();
    }
  }

  @Test
  void dataSurvivesAnUncleanStop() throws Exception {
    Path live = tmp.resolve("live");
    Path crashed = tmp.resolve("crashed");
    Tsdb db = open(live, new PrometheusRegistry());
    appendRange(db, 30, 0, 300_000, 1000);
    copyDir(live, crashed); // as a kill -9 leaves it: nothing closed or synced
    db.close();
    PrometheusRegistry reg = new PrometheusRegistry();
    try (Tsdb again = open(crashed, reg)) {
      assertThat(readAll(again, 0, 1_000_000)).isEqualTo(expected(30, 0, 300_000, 1000));
      assertThat(counter(reg, "watchkeeper_tsdb_wal_corruptions_total")).isZero();
    }
  }

  @Test
  void tornWalTailIsTruncatedAndEverySeriesKeepsAPrefix() throws Exception {
    Path live = tmp.resolve("live");
    Tsdb db = open(live, new PrometheusRegistry());
    List<Long> commitEnds = new ArrayList<>();
    Path wal = live.resolve("wal");
    for (long t = 0; t < 150_000; t += 1000) {
      appendRange(db, 10, t, t + 1, 1);
      commitEnds.add(Files.size(wal.resolve(Segments.name(Segments.list(wal).get(0)))));
    }
    Path snapshot = tmp.resolve("snapshot");
    copyDir(live, snapshot);
    db.close();
    Random r = new Random(5);
    Map<Labels, List<String>> full = expected(10, 0, 150_000, 1000);
    for (int trial = 0; trial < 12; trial++) {
      Path dir = tmp.resolve("trial" + trial);
      copyDir(snapshot, dir);
      Path seg = dir.resolve("wal").resolve(Segments.name(Segments.list(dir.resolve("wal")).get(0)));
      long size = Files.size(seg);
      long cut = r.nextLong(size);
      try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
        if (trial % 3 == 2) {
          f.seek(cut);
          int b = f.read();
          f.seek(cut);
          f.write(b ^ 0x40);
        } else {
          f.setLength(cut);
        }
      }
      int committed = 0;
      while (committed < commitEnds.size() && commitEnds.get(committed) <= cut) {
        committed++;
      }
      PrometheusRegistry reg = new PrometheusRegistry();
      try (Tsdb again = open(dir, reg)) {
        Map<Labels, List<String>> got = readAll(again, 0, 1_000_000);
        for (Map.Entry<Labels, List<String>> e : got.entrySet()) {
          List<String> want = full.get(e.getKey());
          assertThat(want).startsWith(e.getValue().toArray(new String[0]));
          assertThat(e.getValue().size()).as("trial %d", trial).isGreaterThanOrEqualTo(committed);
        }
        if (committed > 0) {
          assertThat(got).hasSize(10);
        }
        if (cut < size) {
          assertThat(counter(reg, "watchkeeper_tsdb_wal_corruptions_total")).isEqualTo(1);
        }
        // The database keeps working: new samples go in.
        appendRange(again, 10, 200_000, 201_000, 1000);
      }
      try (Tsdb third = open(dir, new PrometheusRegistry())) {
        assertThat(readAll(third, 200_000, 200_000)).hasSize(10);
      }
    }
  }

  @Test
  void corruptHeadChunkFilesFallBackToTheWal() throws Exception {
    Path live = tmp.resolve("live");
    Tsdb db = open(live, new PrometheusRegistry());
    appendRange(db, 20, 0, 500_000, 1000);
    Path snapshot = tmp.resolve("snapshot");
    copyDir(live, snapshot);
    db.close();
    Random r = new Random(11);
    for (int trial = 0; trial < 6; trial++) {
      Path dir = tmp.resolve("trial" + trial);
      copyDir(snapshot, dir);
      Path chunks = dir.resolve("chunks_head");
      Path seg = chunks.resolve(Segments.name(Segments.list(chunks).get(0)));
      long cut = r.nextLong(Files.size(seg));
      try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
        if (trial % 2 == 0) {
          f.setLength(cut);
        } else {
          f.seek(cut);
          int b = f.read();
          f.seek(cut);
          f.write(b ^ 1);
        }
      }
      try (Tsdb again = open(dir, new PrometheusRegistry())) {
        assertThat(readAll(again, 0, 1_000_000)).as("trial %d", trial).isEqualTo(expected(20, 0, 500_000, 1000));
      }
    }
  }

  @Test
  void restartAfterRestartKeepsEverything() throws Exception {
    Path dir = tmp.resolve("a");
    for (int round = 0; round < 3; round++) {
      try (Tsdb db = open(dir, new PrometheusRegistry())) {
        appendRange(db, 5, round * 200_000L, (round + 1) * 200_000L, 1000);
      }
    }
    try (Tsdb db = open(dir, new PrometheusRegistry())) {
      assertThat(readAll(db, 0, 1_000_000)).isEqualTo(expected(5, 0, 600_000, 1000));
    }
  }

  @Test
  void aSecondProcessCannotOpenTheSameDirectory() {
    Path dir = tmp.resolve("a");
    Tsdb db = open(dir, new PrometheusRegistry());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(dir, new PrometheusRegistry()))
          .hasMessageContaining("cannot");
    } finally {
      db.close();
    }
  }
}

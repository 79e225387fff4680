package io.watchkeeper.storage.tsdb;

import static io.watchkeeper.storage.tsdb.TsdbTestSupport.appendRange;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.counter;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.expected;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.gauge;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.readAll;
import static io.watchkeeper.storage.tsdb.TsdbTestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.storage.tsdb.wal.Segments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Head persistence into blocks, queries across head and blocks, block merging and retention. */
class TsdbCompactionTest {
  private static final long RANGE = 10_000;
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(0);
  private final PrometheusRegistry reg = new PrometheusRegistry();

  private TsdbOptions options() {
    return TsdbOptions.defaults(dir, reg).withClock(clock).withBlockRange(Duration.ofMillis(RANGE))
        .withWalSegmentBytes(8192);
  }

  @Test
  void headIsPersistedIntoBlocksAndQueriesSpanBoth() throws Exception {
    try (Tsdb db = Tsdb.open(options())) {
      appendRange(db, 12, 0, 60_000, 500);
      long walBefore = Segments.list(dir.resolve("wal")).size();
      db.compact();
      // Blocks for [0,10s) .. [40s,50s); the first three merged into one [0,30s) at the next level.
      List<BlockMeta> metas = db.blockMetas();
      assertThat(metas).extracting(BlockMeta::minTime).containsExactly(0L, 30_000L, 40_000L);
      assertThat(metas).extracting(BlockMeta::maxTime).containsExactly(30_000L, 40_000L, 50_000L);
      assertThat(metas.get(0).level()).isEqualTo(2);
      assertThat(metas.get(0).sources()).hasSize(3);
      assertThat(metas.get(0).numSamples()).isEqualTo(12 * 60);
      assertThat(db.head().minTime()).isEqualTo(50_000);
      assertThat(Segments.list(dir.resolve("wal")).size()).isLessThan((int) walBefore);
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(12, 0, 60_000, 500));
      assertThat(readAll(db, 29_000, 31_000)).isEqualTo(expected(12, 29_000, 31_001, 500));
      // In-order appends into persisted ranges are refused.
      Appender app = db.appender();
      assertThatThrownBy(() -> app.append(0, series(99), 20_000, 1))
          .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.OUT_OF_BOUNDS));
      app.rollback();
      assertThat(counter(reg, "watchkeeper_tsdb_compactions_total")).isEqualTo(6);
      assertThat(gauge(reg, "watchkeeper_tsdb_blocks_loaded")).isEqualTo(3);
      assertThat(gauge(reg, "watchkeeper_tsdb_storage_blocks_bytes")).isPositive();
    }
    try (Tsdb db = Tsdb.open(options())) {
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(12, 0, 60_000, 500));
      assertThat(db.blockMetas()).hasSize(3);
    }
  }

  @Test
  void aTruncationBetweenAFullChunkAndItsSuccessorKeepsTheChunkFileTheSeriesStillReads() throws Exception {
    // What a flush under ingestion can leave: the head's boundary falls between a series' full chunk
    // (120 samples, 0 to 5.95 s, moved to the chunk files when the 121st sample came) and its next
    // chunk (from 8 s), and the chunk files were cut just before the head was truncated there. The
    // series still lists the full chunk (only its successor's start is known in memory), so the
    // segment that holds it must stay until the series lets it go.
    try (Tsdb db = Tsdb.open(options())) {
      appendRange(db, 1, 0, 6_000, 50);
      appendRange(db, 1, 8_000, 8_001, 50);
      db.head().chunkFiles.cut();
      db.head().truncate(7_000);

      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(1, 8_000, 8_001, 50));
      db.flush();
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(1, 8_000, 8_001, 50));
    }
    try (Tsdb db = Tsdb.open(options())) {
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(1, 8_000, 8_001, 50));
    }
  }

  @Test
  void aQuerierReadsChunksWrittenToASegmentStartedAfterItWasOpened() throws Exception {
    try (Tsdb db = Tsdb.open(options())) {
      appendRange(db, 1, 0, 1_000, 50);
      try (Querier q = db.querier(0, 100_000)) {
        // a flush's cut (or a full segment) starts a new segment; the series then fills its chunk
        db.head().chunkFiles.cut();
        appendRange(db, 1, 1_000, 6_100, 50);
        SeriesSet set = q.select(true, SelectHints.range(0, 100_000), List.of(Matcher.of(MatchType.EQUAL, "__name__", "test_metric")));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.at().iterator(null);
        int n = 0;
        while (it.next()) {
          n++;
        }
        assertThat(n).isEqualTo(122);
      }
    }
  }

  @Test
  void flushPersistsTheWholeHeadAndTruncatesTheWal() throws Exception {
    try (Tsdb db = Tsdb.open(options())) {
      appendRange(db, 8, 3_000, 17_500, 250);
      db.flush();
      assertThat(db.head().numSeries()).isZero();
      assertThat(db.head().hasInOrderData()).isFalse();
      assertThat(db.blockMetas()).extracting(BlockMeta::minTime).containsExactly(3_000L, 10_000L);
      assertThat(db.blockMetas()).extracting(BlockMeta::maxTime).containsExactly(10_000L, 17_251L);
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(8, 3_000, 17_500, 250));
      long walBytes = 0;
      for (int n : Segments.list(dir.resolve("wal"))) {
        walBytes += Files.size(dir.resolve("wal").resolve(Segments.name(n)));
      }
      assertThat(walBytes).isZero();
      // Scraping goes on after a flush; older in-order samples are refused.
      appendRange(db, 8, 17_500, 20_000, 250);
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(8, 3_000, 20_000, 250));
      db.flush();
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(8, 3_000, 20_000, 250));
    }
    try (Tsdb db = Tsdb.open(options())) {
      assertThat(readAll(db, 0, 100_000)).isEqualTo(expected(8, 3_000, 20_000, 250));
      assertThat(db.head().numSeries()).isZero();
    }
  }

  @Test
  void retentionDeletesWholeBlocksByTheClock() throws Exception {
    TsdbOptions opts = options().withRetention(Duration.ofMillis(25_000));
    try (Tsdb db = Tsdb.open(opts)) {
      appendRange(db, 4, 0, 60_000, 1000);
      db.compact();
      assertThat(db.blockMetas()).isNotEmpty();
      long before = db.blockMetas().size();
      clock.set(70_000); // cutoff 45s: blocks ending at or before 45s go
      db.compact();
      assertThat(db.blockMetas()).allSatisfy(m -> assertThat(m.maxTime()).isGreaterThan(45_000));
      assertThat(counter(reg, "watchkeeper_tsdb_retention_deleted_blocks_total")).isEqualTo(before - db.blockMetas().size());
      assertThat(readAll(db, 0, 100_000).get(series(0))).first().asString().startsWith("40000=");
      try (Querier q = db.querier(0, 10_000)) {
        assertThat(q.labelValues("job", List.of())).isEmpty();
      }
    }
    // Directories of deleted blocks are gone.
    long dirs;
    try (var s = Files.list(dir)) {
      dirs = s.filter(p -> Ulid.isUlid(p.getFileName().toString())).count();
    }
    try (Tsdb db = Tsdb.open(opts)) {
      assertThat(dirs).isEqualTo(db.blockMetas().size());
    }
  }

  @Test
  void queriersKeepDeletedBlocksReadableUntilClosed() throws Exception {
    try (Tsdb db = Tsdb.open(options().withRetention(Duration.ofMillis(5_000)))) {
      appendRange(db, 3, 0, 40_000, 1000);
      db.compact();
      Querier q = db.querier(0, 5_000);
      clock.set(1_000_000);
      db.compact(); // retention deletes every block
      assertThat(db.blockMetas()).isEmpty();
      var set = q.select(true, io.watchkeeper.storage.SelectHints.range(0, 5_000), List.of(Matcher.metricName("test_metric")));
      int n = 0;
      while (set.next()) {
        var it = set.at().iterator(null);
        while (it.next()) {
          n++;
        }
      }
      assertThat(n).isEqualTo(3 * 6);
      q.close();
    }
  }

  @Test
  void blockFormatRoundTripsAndDetectsCorruption() throws Exception {
    String id;
    try (Tsdb db = Tsdb.open(options())) {
      appendRange(db, 40, 0, 30_000, 100);
      db.flush();
      BlockMeta m = db.blockMetas().get(0);
      id = m.id();
      Block b = Block.open(dir.resolve(id), s -> s);
      b.verifyChunks();
      assertThat(b.index().numSeries()).isEqualTo(40);
      assertThat(b.index().labelValues("job")).containsExactly("job0", "job1", "job2");
      assertThat(b.index().postings("job", "job1")).hasSize(13);
    }
    Path chunk = dir.resolve(id).resolve("chunks").resolve(Segments.name(1));
    byte[] bytes = Files.readAllBytes(chunk);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(chunk, bytes);
    Block b = Block.open(dir.resolve(id), s -> s);
    assertThatThrownBy(b::verifyChunks).hasMessageContaining("checksum");
    Path index = dir.resolve(id).resolve("index");
    byte[] ib = Files.readAllBytes(index);
    ib[ib.length / 3] ^= 0x01;
    Files.write(index, ib);
    assertThatThrownBy(() -> Block.open(dir.resolve(id), s -> s)).hasMessageContaining("checksum");
    // A damaged block is moved aside at open rather than failing the start.
    try (Tsdb db = Tsdb.open(options())) {
      assertThat(db.blockMetas()).extracting(BlockMeta::id).doesNotContain(id);
    }
    assertThat(Files.exists(dir.resolve(id + ".corrupt"))).isTrue();
  }

  @Test
  void backgroundTasksStartAndStopWithTheDatabase() throws Exception {
    Tsdb db = Tsdb.open(options());
    db.start();
    db.start(); // idempotent
    appendRange(db, 3, 0, 5_000, 1000);
    db.flush();
    assertThat(readAll(db, 0, 10_000)).isEqualTo(expected(3, 0, 5_000, 1000));
    db.close();
    db.close(); // idempotent
    assertThatThrownBy(db::appender).isInstanceOf(IllegalStateException.class);
    // The registry is free again for a new instance.
    try (Tsdb again = Tsdb.open(options())) {
      assertThat(readAll(again, 0, 10_000)).isEqualTo(expected(3, 0, 5_000, 1000));
    }
  }

  @Test
  void blocksAreSmallOnDisk() throws Exception {
    try (Tsdb db = Tsdb.open(options().withBlockRange(Duration.ofHours(2)))) {
      // Counters moving by small integers every 15s on schedule: the common case.
      for (long t = 0; t < 3_600_000; t += 15_000) {
        Appender app = db.appender();
        for (int i = 0; i < 50; i++) {
          app.append(0, series(i), t, 1000 + (t / 15_000) * (i % 7));
        }
        app.commit();
      }
      db.flush();
      BlockMeta m = db.blockMetas().get(0);
      long chunkBytes = Files.size(dir.resolve(m.id()).resolve("chunks").resolve(Segments.name(1)));
      assertThat((double) chunkBytes / m.numSamples()).isLessThan(0.3);
    }
  }
}

package io.watchkeeper.storage.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short window of a long series costs what the window holds: a querier keeps the headers of
 * the overlapping chunks only and decodes only those, in a block and in the head alike.
 */
class TsdbWindowReadTest {
  private static final long HOUR = 3_600_000;
  private static final long STEP = 15_000;
  /** 24 h of samples at 15 s: 5760, 24 block chunks of 240 or 48 head chunks of 120. */
  private static final long END = 24 * HOUR;
  private static final long LAST = END - STEP;
  private static final Labels SERIES = Labels.of("__name__", "m", "job", "a");

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(END);

  private Tsdb open() {
    // One block range of the whole day, so a flush writes the day as one block.
    return Tsdb.open(TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(clock)
        .withBlockRange(Duration.ofHours(24)));
  }

  private static void appendDay(Tsdb db) throws Exception {
    long ref = 0;
    for (long t = 0; t < END; t += STEP) {
      Appender app = db.appender();
      ref = app.append(ref, ref == 0 ? SERIES : null, t, t / 1000.0);
      app.commit();
    }
  }

  /** What reading {@code [mint, maxt]} of the one series took. */
  private record Read(int chunksHeld, long chunksOpened, int samples) {}

  private static Read read(Tsdb db, long mint, long maxt) {
    try (Querier q = db.querier(mint, maxt)) {
      SeriesSet set = q.select(false, SelectHints.range(mint, maxt), List.of(Matcher.metricName("m")));
      assertThat(set.next()).isTrue();
      Series s = set.at();
      int held = s instanceof Block.BlockSeries b ? b.chunkCount() : -1;
      SampleIterator it = s.iterator(null);
      int n = 0;
      long prev = Long.MIN_VALUE;
      while (it.next()) {
        assertThat(it.timestamp()).isBetween(Math.max(mint, prev + 1), maxt);
        assertThat(it.value()).isEqualTo(it.timestamp() / 1000.0);
        prev = it.timestamp();
        n++;
      }
      assertThat(set.next()).isFalse();
      return new Read(held, ((ChunkSeriesIterator) it).chunksOpened(), n);
    }
  }

  @Test
  void aWindowOfADayLongBlockHoldsAndDecodesOnlyItsChunks() throws Exception {
    try (Tsdb db = open()) {
      appendDay(db);
      db.flush();
      assertThat(db.blockMetas()).hasSize(1);
      assertThat(db.head().hasInOrderData()).isFalse();

      // The last 5 minutes: 20 samples in the last of 24 chunks.
      assertThat(read(db, LAST - 5 * 60_000 + 1, END)).isEqualTo(new Read(1, 1, 20));
      // 5 minutes in the middle of the day, across the boundary of chunks 12 and 13 (at 12 h).
      assertThat(read(db, 12 * HOUR - 150_000, 12 * HOUR + 149_999)).isEqualTo(new Read(2, 2, 20));
      // The last hour: one chunk; the whole day: all 24.
      assertThat(read(db, END - HOUR, END)).isEqualTo(new Read(1, 1, 240));
      assertThat(read(db, 0, END)).isEqualTo(new Read(24, 24, 5760));
    }
  }

  @Test
  void aWindowOfADayInTheHeadDecodesOnlyItsChunks() throws Exception {
    try (Tsdb db = open()) {
      appendDay(db);
      assertThat(db.blockMetas()).isEmpty();
      assertThat(db.head().numChunks()).isEqualTo(48);

      assertThat(read(db, LAST - 5 * 60_000 + 1, END)).isEqualTo(new Read(-1, 1, 20));
      assertThat(read(db, 12 * HOUR - 150_000, 12 * HOUR + 149_999)).isEqualTo(new Read(-1, 2, 20));
      assertThat(read(db, 0, END)).isEqualTo(new Read(-1, 48, 5760));
    }
  }

  /**
   * The last sample at or before t, as an instant selector wants it: from the window's start,
   * {@code skipTowards(t)} jumps to the last chunk that starts by t and decodes only that one.
   */
  private static long[] lastAtOrBefore(Tsdb db, long mint, long t) {
    try (Querier q = db.querier(mint, t)) {
      SeriesSet set = q.select(false, SelectHints.range(mint, t), List.of(Matcher.metricName("m")));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      long last = Long.MIN_VALUE;
      boolean has = it.next() && it.skipTowards(t);
      while (has && it.timestamp() <= t) {
        last = it.timestamp();
        assertThat(it.value()).isEqualTo(last / 1000.0);
        has = it.next();
      }
      return new long[] {last, it instanceof ChunkSeriesIterator c ? c.chunksOpened() : -1};
    }
  }

  @Test
  void skippingTowardsAnInstantDecodesOnlyTheChunkHoldingItsLastSample() throws Exception {
    try (Tsdb db = open()) {
      appendDay(db); // head chunks of 120 samples = 30 minutes each
      // A 5-minute window at the end lies in one chunk anyway.
      assertThat(lastAtOrBefore(db, LAST - 5 * 60_000 + 1, LAST)).containsExactly(LAST, 1);
      // A 2-hour window ending 1 ms after a chunk starts: only that chunk, its first sample.
      long chunkStart = 12 * HOUR;
      assertThat(lastAtOrBefore(db, chunkStart - 2 * HOUR, chunkStart + 1)).containsExactly(chunkStart, 2);
      // Ending 1 ms before it: the chunk before, to its end.
      assertThat(lastAtOrBefore(db, chunkStart - 2 * HOUR, chunkStart - 1)).containsExactly(chunkStart - STEP, 2);
      // Without skipping, the same 2 hours open all five chunks they touch.
      assertThat(read(db, chunkStart - 2 * HOUR, chunkStart + 1).chunksOpened()).isEqualTo(5);
    }
  }

  @Test
  void skippingTowardsFindsTheSameLastSampleAsReadingEverySample() throws Exception {
    try (Tsdb db = open()) {
      appendDay(db);
      db.flush(); // the day in a block
      long ref = 0;
      for (long t = END; t < END + 3 * HOUR; t += STEP) { // and three more hours in the head
        Appender app = db.appender();
        ref = app.append(ref, ref == 0 ? SERIES : null, t, t / 1000.0);
        app.commit();
      }
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < 300; i++) {
        long t = random.nextLong(END + 3 * HOUR + STEP);
        long mint = t - random.nextLong(6 * HOUR);
        long expected = Math.floorDiv(t, STEP) * STEP; // samples at every multiple of STEP
        if (expected < Math.max(mint, 0) || expected >= END + 3 * HOUR) {
          expected = expected >= END + 3 * HOUR ? END + 3 * HOUR - STEP : Long.MIN_VALUE;
        }
        assertThat(lastAtOrBefore(db, mint, t)[0]).as("last sample in [%d, %d]", mint, t).isEqualTo(expected);
      }
    }
  }
}

package io.watchkeeper.storage.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.tsdb.encoding.Encbuf;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalTest {
  @TempDir Path dir;

  private static byte[] samples(byte type, int[] ids, long[] ts, double[] vs) {
    Encbuf e = new Encbuf(64);
    WalRecords.encodeSamples(e, type, ids, ts, vs, 0, ids.length);
    return e.toByteArray();
  }

  private List<String> readAll(Path d) throws Exception {
    List<String> out = new ArrayList<>();
    for (Path p : Segments.from(d, 0)) {
      try (WalReader r = new WalReader(p)) {
        while (r.next()) {
          byte[] b = r.buffer();
          int off = r.recordOffset();
          switch (b[off]) {
            case WalRecords.SERIES -> WalRecords.decodeSeries(b, off, r.length(), s -> s, (id, l) -> out.add("series " + id + " " + l));
            case WalRecords.SAMPLES, WalRecords.OOO_SAMPLES -> WalRecords.decodeSamples(b, off, r.length(),
                (id, t, v) -> out.add((b[off] == WalRecords.SAMPLES ? "s " : "o ") + id + " " + t + " " + Double.doubleToRawLongBits(v)));
            default -> out.add("marker " + b[off]);
          }
        }
      }
    }
    return out;
  }

  @Test
  void recordsRoundTripAcrossSegmentsAndSeriesComeFirst() throws Exception {
    List<String> want = new ArrayList<>();
    try (Wal wal = Wal.open(dir, 4096, null)) {
      Random r = new Random(1);
      for (int i = 1; i <= 200; i++) {
        Encbuf e = new Encbuf(64);
        Labels l = Labels.of("__name__", "m", "i", Integer.toString(i), "ü", "ß€");
        WalRecords.encodeSeries(e, new Encbuf(16), i, l);
        wal.logSeries(e.array(), 0, e.length());
        want.add("series " + i + " " + l);
        double[] vs = {r.nextInt(1000), r.nextDouble(), StaleMarker.STALE_NAN, -0.0, Double.NEGATIVE_INFINITY, -(1L << 52)};
        int[] ids = {i, i, i, i, i, i};
        long[] ts = {-5, 0, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 7};
        byte type = i % 2 == 0 ? WalRecords.SAMPLES : WalRecords.OOO_SAMPLES;
        byte[] rec = samples(type, ids, ts, vs);
        wal.log(rec, 0, rec.length);
        for (int k = 0; k < ids.length; k++) {
          want.add((type == WalRecords.SAMPLES ? "s " : "o ") + i + " " + ts[k] + " " + Double.doubleToRawLongBits(vs[k]));
        }
      }
    }
    assertThat(Segments.list(dir).size()).isGreaterThan(5);
    assertThat(readAll(dir)).containsExactlyElementsOf(want);
  }

  @Test
  void aTornOrCorruptTailIsDetectedWhereItStarts() throws Exception {
    long[] ends = new long[50];
    try (Wal wal = Wal.open(dir, 1 << 20, null)) {
      for (int i = 0; i < 50; i++) {
        byte[] rec = samples(WalRecords.SAMPLES, new int[] {i + 1}, new long[] {i}, new double[] {i});
        wal.log(rec, 0, rec.length);
        ends[i] = Files.size(dir.resolve(Segments.name(0)));
      }
    }
    Path seg = dir.resolve(Segments.name(0));
    Random r = new Random(9);
    byte[] original = Files.readAllBytes(seg);
    for (int trial = 0; trial < 40; trial++) {
      Files.write(seg, original);
      int at = r.nextInt(original.length);
      try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
        if (trial % 2 == 0) {
          f.setLength(at); // torn write
        } else {
          f.seek(at);
          int b = f.read();
          f.seek(at);
          f.write(b ^ (1 << r.nextInt(8))); // bit flip
        }
      }
      long validEnd = 0;
      for (long e : ends) {
        if (e <= at) {
          validEnd = e;
        }
      }
      try (WalReader reader = new WalReader(seg)) {
        long last = 0;
        boolean corrupt = false;
        try {
          while (reader.next()) {
            last = reader.offset();
          }
        } catch (WalCorruptionException e) {
          corrupt = true;
          assertThat(e.offset()).isEqualTo(validEnd);
        }
        if (!corrupt) {
          assertThat(last).as("trial %d at %d", trial, at).isEqualTo(validEnd);
          assertThat(at).isEqualTo(validEnd); // a cut exactly at a record boundary
        }
      }
    }
  }

  @Test
  void zeroFilledTailIsCorruptNotEmptyRecords() throws Exception {
    try (Wal wal = Wal.open(dir, 1 << 20, null)) {
      byte[] rec = samples(WalRecords.SAMPLES, new int[] {1}, new long[] {1}, new double[] {1});
      wal.log(rec, 0, rec.length);
    }
    Path seg = dir.resolve(Segments.name(0));
    long size = Files.size(seg);
    Files.write(seg, new byte[64], java.nio.file.StandardOpenOption.APPEND);
    try (WalReader reader = new WalReader(seg)) {
      assertThat(reader.next()).isTrue();
      assertThatThrownBy(reader::next).isInstanceOf(WalCorruptionException.class)
          .satisfies(e -> assertThat(((WalCorruptionException) e).offset()).isEqualTo(size));
    }
  }

  @Test
  void checkpointKeepsLiveSeriesNewSamplesAndUnpersistedOutOfOrderData() throws Exception {
    try (Wal wal = Wal.open(dir, 4096, null)) {
      for (int id = 1; id <= 3; id++) {
        Encbuf e = new Encbuf(64);
        WalRecords.encodeSeries(e, new Encbuf(16), id, Labels.of("__name__", "m" + id));
        wal.logSeries(e.array(), 0, e.length());
      }
      byte[] rec = samples(WalRecords.SAMPLES, new int[] {1, 2, 3, 1, 2, 3}, new long[] {10, 10, 10, 20, 20, 20},
          new double[] {1, 2, 3, 4, 5, 6});
      wal.log(rec, 0, rec.length);
      rec = samples(WalRecords.OOO_SAMPLES, new int[] {1}, new long[] {5}, new double[] {0.5});
      wal.log(rec, 0, rec.length);
      wal.log(new byte[] {WalRecords.OOO_DETACH}, 0, 1);
      rec = samples(WalRecords.OOO_SAMPLES, new int[] {2}, new long[] {6}, new double[] {0.6});
      wal.log(rec, 0, rec.length);
      wal.log(new byte[] {WalRecords.OOO_COMPACTED}, 0, 1);
      rec = samples(WalRecords.OOO_SAMPLES, new int[] {1}, new long[] {7}, new double[] {0.7});
      wal.log(rec, 0, rec.length);
      wal.log(new byte[] {WalRecords.OOO_DETACH}, 0, 1);
      rec = samples(WalRecords.OOO_SAMPLES, new int[] {1}, new long[] {8}, new double[] {0.8});
      wal.log(rec, 0, rec.length);
      int last = wal.cut() - 1;
      Checkpoint.Stats st = Checkpoint.create(dir, last, id -> id != 3, 15, 4096);
      assertThat(st.kept()).isPositive();
      assertThat(Segments.list(dir)).containsExactly(last + 1);
    }
    Checkpoint.Ref ref = Checkpoint.latest(dir).orElseThrow();
    List<String> got = readAll(ref.dir());
    assertThat(got).containsExactly(
        "series 1 {__name__=\"m1\"}",
        "series 2 {__name__=\"m2\"}",
        "s 1 20 " + Double.doubleToRawLongBits(4),
        "s 2 20 " + Double.doubleToRawLongBits(5),
        // 0.5 was detached and then persisted; 0.6 came after that detach, 0.7 before the second
        "o 2 6 " + Double.doubleToRawLongBits(0.6),
        "o 1 7 " + Double.doubleToRawLongBits(0.7),
        "marker " + WalRecords.OOO_DETACH,
        "o 1 8 " + Double.doubleToRawLongBits(0.8));
  }

  @Test
  void newSegmentsComeAfterTheNewestCheckpoint() throws Exception {
    Files.createDirectories(dir.resolve("checkpoint.00000007"));
    try (Wal wal = Wal.open(dir, 4096, null)) {
      assertThat(wal.currentSegment()).isEqualTo(8);
    }
  }

  @Test
  void segmentNamesSortNumerically() throws IOException {
    Files.createFile(dir.resolve(Segments.name(10)));
    Files.createFile(dir.resolve(Segments.name(9)));
    Files.createFile(dir.resolve("garbage"));
    assertThat(Segments.list(dir)).containsExactly(9, 10);
  }
}

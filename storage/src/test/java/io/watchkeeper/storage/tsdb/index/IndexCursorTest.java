package io.watchkeeper.storage.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cursor finds every series' entry whatever the order of lookups (in order, skipping, backwards,
 * at random), also where chunk segment boundaries cut groups short, so that a series' group is
 * not {@code id / GROUP}.
 */
class IndexCursorTest {
  @TempDir Path dir;

  private record Entry(Labels labels, int segment, long offset, int length) {}

  /** Writes {@code n} series; a new chunk segment starts at each id in {@code cuts}. */
  private List<Entry> write(Path file, int n, int... cuts) throws Exception {
    List<Entry> entries = new ArrayList<>();
    byte[] record = new byte[64];
    try (IndexWriter w = new IndexWriter(file)) {
      int segment = 0;
      long offset = 8;
      int c = 0;
      for (int id = 0; id < n; id++) {
        if (c < cuts.length && cuts[c] == id) {
          segment++;
          offset = 8;
          c++;
        }
        int length = 10 + id % 50;
        Labels l = Labels.of("__name__", String.format("m%03d", id / 40), "instance", String.format("host-%05d", id),
            "job", id % 3 == 0 ? "api" : "web");
        w.add(l, segment, offset, record, 0, length);
        entries.add(new Entry(l, segment, offset, length));
        offset += length;
      }
      w.finish();
    }
    return entries;
  }

  private static void check(IndexReader.Cursor cursor, List<Entry> entries, int id) {
    IndexReader.SeriesEntry e = cursor.series(id);
    Entry want = entries.get(id);
    assertThat(new Entry(e.labels(), e.segment(), e.offset(), e.length())).as("series %d", id).isEqualTo(want);
  }

  @Test
  void everyLookupOrderFindsTheEntry() throws Exception {
    Path file = dir.resolve("index");
    // Cuts inside groups (ids 5, 37, 38 and 200 are not multiples of 16): later groups' ids shift.
    List<Entry> entries = write(file, 500, 5, 37, 38, 200);
    IndexReader reader = IndexReader.open(file, UnaryOperator.identity());
    assertThat(reader.numSeries()).isEqualTo(500);

    IndexReader.Cursor inOrder = reader.cursor();
    for (int id = 0; id < 500; id++) {
      check(inOrder, entries, id);
    }
    IndexReader.Cursor skipping = reader.cursor();
    for (int id = 3; id < 500; id += 7) {
      check(skipping, entries, id);
    }
    IndexReader.Cursor backwards = reader.cursor();
    for (int id = 499; id >= 0; id--) {
      check(backwards, entries, id);
    }
    Random r = new Random(3);
    IndexReader.Cursor random = reader.cursor();
    for (int k = 0; k < 2000; k++) {
      check(random, entries, r.nextInt(500));
    }
    // A fresh cursor per lookup, as a query's first series.
    for (int id = 0; id < 500; id++) {
      check(reader.cursor(), entries, id);
    }
  }

  @Test
  void aSingleShortGroup() throws Exception {
    Path file = dir.resolve("index");
    List<Entry> entries = write(file, 3);
    IndexReader reader = IndexReader.open(file, UnaryOperator.identity());
    IndexReader.Cursor c = reader.cursor();
    for (int id : new int[] {2, 0, 1, 1, 2}) {
      check(c, entries, id);
    }
  }
}

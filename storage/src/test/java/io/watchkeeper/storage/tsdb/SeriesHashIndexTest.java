package io.watchkeeper.storage.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesHashIndexTest {
  private static HeadSeries series(int id) {
    return new HeadSeries(id, Labels.of("__name__", "m", "id", Integer.toString(id)));
  }

  @Test
  void colliding64BitHashesAreToldApartByLabels() {
    SeriesHashIndex idx = new SeriesHashIndex();
    long sameHash = 0x1234_5678_9abc_def0L;
    List<HeadSeries> all = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      HeadSeries s = series(i);
      all.add(s);
      assertThat(idx.getOrCreate(s.labels, sameHash, l -> s)).isSameAs(s);
    }
    for (HeadSeries s : all) {
      assertThat(idx.get(s.labels, sameHash)).isSameAs(s);
      assertThat(idx.getOrCreate(s.labels, sameHash, l -> {
        throw new AssertionError("created twice");
      })).isSameAs(s);
    }
    idx.remove(all.get(10), sameHash);
    assertThat(idx.get(all.get(10).labels, sameHash)).isNull();
    assertThat(idx.get(all.get(11).labels, sameHash)).isSameAs(all.get(11));
  }

  @Test
  void removalsKeepEveryOtherEntryReachable() {
    SeriesHashIndex idx = new SeriesHashIndex();
    Random r = new Random(4);
    List<HeadSeries> live = new ArrayList<>();
    List<Long> hashes = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      HeadSeries s = series(i);
      long h = r.nextInt(64) << 56 | r.nextInt(4000); // few stripes, clustered keys: long probe chains
      idx.getOrCreate(s.labels, h, l -> s);
      live.add(s);
      hashes.add(h);
    }
    for (int i = live.size() - 1; i >= 0; i -= 3) {
      idx.remove(live.get(i), hashes.get(i));
      assertThat(idx.get(live.get(i).labels, hashes.get(i))).isNull();
      live.set(i, null);
    }
    for (int i = 0; i < live.size(); i++) {
      if (live.get(i) != null) {
        assertThat(idx.get(live.get(i).labels, hashes.get(i))).as("series %d", i + 1).isSameAs(live.get(i));
      }
    }
  }

  @Test
  void aRemovedSeriesIsReplacedOnGetOrCreate() {
    SeriesHashIndex idx = new SeriesHashIndex();
    HeadSeries old = series(1);
    idx.getOrCreate(old.labels, 7, l -> old);
    old.removed = true;
    HeadSeries fresh = new HeadSeries(2, old.labels);
    assertThat(idx.getOrCreate(old.labels, 7, l -> fresh)).isSameAs(fresh);
    assertThat(idx.get(old.labels, 7)).isSameAs(fresh);
  }
}

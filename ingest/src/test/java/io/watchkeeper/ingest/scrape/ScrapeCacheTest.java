package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeCacheTest {
  @Test
  void findsWhatWasPutAndGrows() {
    ScrapeCache c = new ScrapeCache();
    for (long h = 0; h < 10_000; h++) {
      assertThat(c.find(h * 0x9E3779B97F4A7C15L)).isEqualTo(-1);
      c.put(h * 0x9E3779B97F4A7C15L, h + 100, 1);
    }
    assertThat(c.size()).isEqualTo(10_000);
    assertThat(c.capacity()).isGreaterThanOrEqualTo(10_000 * 10 / 7);
    for (long h = 0; h < 10_000; h++) {
      int slot = c.find(h * 0x9E3779B97F4A7C15L);
      assertThat(slot).isNotNegative();
      assertThat(c.ref(slot)).isEqualTo(h + 100);
    }
  }

  @Test
  void hashZeroIsAValidKey() {
    ScrapeCache c = new ScrapeCache();
    c.put(0, 7, 1);
    assertThat(c.ref(c.find(0))).isEqualTo(7);
  }

  @Test
  void staleSeriesAreThoseOfThePreviousScrapeOnly() {
    ScrapeCache c = new ScrapeCache();
    int a = c.put(1, 11, 1);
    int b = c.put(2, 22, 1);
    c.trackStaleness(a, 1);
    c.trackStaleness(b, 1);
    List<Long> stale = new ArrayList<>();
    c.finishSuccessfulScrape(1, stale::add);
    assertThat(stale).isEmpty();
    // scrape 2 sees only a
    c.touch(c.find(1), 2);
    c.trackStaleness(c.find(1), 2);
    c.finishSuccessfulScrape(2, stale::add);
    assertThat(stale).containsExactly(22L);
    assertThat(c.find(2)).isEqualTo(-1); // forgotten: not seen in the last successful scrape
    // scrape 3 fails after seeing a again: a is stale (failed scrape = empty scrape)
    c.touch(c.find(1), 3);
    c.trackStaleness(c.find(1), 3);
    int d = c.put(4, 44, 3);
    c.trackStaleness(d, 3); // first seen in the failed scrape: never committed, no marker
    stale.clear();
    c.finishFailedScrape(3, stale::add);
    assertThat(stale).containsExactly(11L);
    stale.clear();
    c.finishFailedScrape(4, stale::add);
    assertThat(stale).isEmpty();
  }

  @Test
  void staleAllReportsTheLastScrape() {
    ScrapeCache c = new ScrapeCache();
    c.trackStaleness(c.put(1, 11, 1), 1);
    c.put(2, 22, 1); // had an explicit timestamp: not tracked
    List<Long> stale = new ArrayList<>();
    c.staleAll(1, stale::add);
    assertThat(stale).containsExactly(11L);
    stale.clear();
    c.staleAll(1, stale::add);
    assertThat(stale).isEmpty();
  }

  @Test
  void shrinksAfterChurn() {
    ScrapeCache c = new ScrapeCache();
    for (long h = 1; h <= 5000; h++) {
      c.put(h, h, 1);
    }
    c.touch(c.find(1), 2);
    c.finishSuccessfulScrape(2, ref -> { });
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.capacity()).isEqualTo(64);
    assertThat(c.find(1)).isNotNegative();
  }

  @Test
  void droppedEntriesAreRemembered() {
    ScrapeCache c = new ScrapeCache();
    c.putDropped(5, 1);
    assertThat(c.isDropped(c.find(5))).isTrue();
    c.put(6, 1, 1);
    assertThat(c.isDropped(c.find(6))).isFalse();
  }
}

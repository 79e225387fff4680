package io.watchkeeper.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.FloatHistogram.CounterResetHint;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.Storage;
import io.watchkeeper.storage.StorageContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest extends StorageContractTest {
  private static final double[] NONE = {};

  @Override
  protected Storage open() {
    return new InMemoryStorage();
  }

  private static FloatHistogram hist(CounterResetHint hint, double count, double... buckets) {
    return new FloatHistogram(hint, 0, 0, 0, count, count, 0, buckets, 0, NONE, NONE);
  }

  /** Each sample of the one series matching "up" in [0, 10000] as "t=value" or "t=histogram". */
  private List<String> samples() {
    List<String> out = new ArrayList<>();
    try (Querier q = storage.querier(0, 10_000)) {
      SeriesSet set = q.select(true, SelectHints.range(0, 10_000), List.of(Matcher.metricName("up")));
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        while (it.next()) {
          out.add(it.timestamp() + "=" + (it.isHistogram() ? it.histogram().toString() : Double.toString(it.value())));
        }
      }
    }
    return out;
  }

  @Test
  void storesHistogramsAndFloatsInOneSeries() throws Exception {
    Appender app = storage.appender();
    app.append(0, A, 1000, 1);
    app.appendHistogram(0, A, 2000, hist(CounterResetHint.UNKNOWN, 2, 2));
    app.commit();
    assertThat(samples()).containsExactly("1000=1.0", "2000={{count:2 sum:2 buckets:[2]}}");
  }

  @Test
  void readingAHistogramAsAFloatFailsLoudly() throws Exception {
    Appender app = storage.appender();
    app.appendHistogram(0, A, 1000, hist(CounterResetHint.UNKNOWN, 2, 2));
    app.commit();
    try (Querier q = storage.querier(0, 10_000)) {
      SeriesSet set = q.select(true, SelectHints.range(0, 10_000), List.of(Matcher.metricName("up")));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.next()).isTrue();
      assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("histogram");
    }
  }

  @Test
  void setsCounterResetHintsAsHistogramChunksReportThem() throws Exception {
    Appender app = storage.appender();
    app.appendHistogram(0, A, 1000, hist(CounterResetHint.NOT_RESET, 2, 2));
    app.appendHistogram(0, A, 2000, hist(CounterResetHint.UNKNOWN, 3, 3));
    app.appendHistogram(0, A, 3000, hist(CounterResetHint.UNKNOWN, 1, 1));
    app.append(0, A, 4000, StaleMarker.STALE_NAN);
    app.appendHistogram(0, A, 5000, hist(CounterResetHint.UNKNOWN, 4, 4));
    app.appendHistogram(0, A, 6000, hist(CounterResetHint.GAUGE, 1, 1));
    app.commit();
    assertThat(samples()).containsExactly(
        "1000={{count:2 sum:2 buckets:[2]}}",
        "2000={{count:3 sum:3 counter_reset_hint:not_reset buckets:[3]}}",
        "3000={{count:1 sum:1 counter_reset_hint:reset buckets:[1]}}",
        "4000=NaN",
        "5000={{count:4 sum:4 buckets:[4]}}",
        "6000={{count:1 sum:1 counter_reset_hint:gauge buckets:[1]}}");
  }

  @Test
  void anIdenticalHistogramAgainIsIgnoredAndADifferentOneIsADuplicate() throws Exception {
    Appender app = storage.appender();
    app.appendHistogram(0, A, 1000, hist(CounterResetHint.UNKNOWN, 2, 2));
    app.appendHistogram(0, A, 1000, hist(CounterResetHint.UNKNOWN, 2, 2));
    assertThatThrownBy(() -> app.appendHistogram(0, A, 1000, hist(CounterResetHint.UNKNOWN, 3, 3)))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.DUPLICATE_SAMPLE));
    assertThatThrownBy(() -> app.append(0, A, 1000, 2))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.DUPLICATE_SAMPLE));
    app.commit();
    assertThat(samples()).containsExactly("1000={{count:2 sum:2 buckets:[2]}}");
  }
}

package io.watchkeeper.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.FloatHistogram.CounterResetHint;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.Vector;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Native histogram samples through instant selectors, and the errors everywhere else. */
class HistogramSelectorTest {
  private static final Labels H = Labels.of("__name__", "h", "job", "a");
  private static final double[] NONE = {};

  private final InMemoryStorage storage = new InMemoryStorage();
  private final PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(2));

  @AfterEach
  void close() {
    engine.close();
  }

  private static FloatHistogram hist(double count) {
    return new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, count, count, 0, new double[] {count}, 0, NONE, NONE);
  }

  private void loadHistograms(long... timestamps) throws Exception {
    Appender a = storage.appender();
    for (int k = 0; k < timestamps.length; k++) {
      a.appendHistogram(0, H, timestamps[k], hist(k + 1));
    }
    a.commit();
  }

  private List<Sample> instant(String q, long t) throws Exception {
    return ((Vector) engine.instantQuery(storage, q, t).value()).samples();
  }

  @Test
  void selectsTheLastHistogramWithinTheLookback() throws Exception {
    loadHistograms(0, 60_000);
    assertThat(instant("h", 30_000)).singleElement().satisfies(s -> {
      assertThat(s.labels().equals(H)).isTrue();
      assertThat(s.timestamp()).isEqualTo(30_000);
      assertThat(s.histogram()).hasToString("{{count:1 sum:1 buckets:[1]}}");
    });
    assertThat(instant("h", 120_000)).singleElement()
        .satisfies(s -> assertThat(s.histogram()).hasToString("{{count:2 sum:2 counter_reset_hint:not_reset buckets:[2]}}"));
    assertThat(instant("h", 60_000 + 300_000)).isEmpty(); // the lookback window (t - 5m, t] excludes the sample at t - 5m
    assertThat(instant("h", 60_000 + 299_999)).hasSize(1);
  }

  @Test
  void aStaleMarkerEndsAHistogramSeries() throws Exception {
    loadHistograms(0);
    Appender a = storage.appender();
    a.append(0, H, 60_000, StaleMarker.STALE_NAN);
    a.commit();
    assertThat(instant("h", 59_999)).hasSize(1);
    assertThat(instant("h", 60_000)).isEmpty();
    assertThat(instant("h", 120_000)).isEmpty();
  }

  @Test
  void aHistogramStaleMarkerEndsItToo() throws Exception {
    loadHistograms(0);
    FloatHistogram stale = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 0, StaleMarker.STALE_NAN, 0, NONE, 0, NONE, NONE);
    Appender a = storage.appender();
    a.appendHistogram(0, H, 60_000, stale);
    a.commit();
    assertThat(instant("h", 60_000)).isEmpty();
  }

  @Test
  void floatsAndHistogramsOfOneSeriesAlternate() throws Exception {
    Appender a = storage.appender();
    a.append(0, H, 0, 7);
    a.appendHistogram(0, H, 60_000, hist(3));
    a.append(0, H, 120_000, 8);
    a.commit();
    assertThat(instant("h", 30_000)).singleElement().satisfies(s -> {
      assertThat(s.isHistogram()).isFalse();
      assertThat(s.value()).isEqualTo(7);
    });
    assertThat(instant("h", 90_000)).singleElement().satisfies(s -> assertThat(s.isHistogram()).isTrue());
    assertThat(instant("h", 120_000)).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(8));
  }

  @Test
  void timestampAndParenthesesWork() throws Exception {
    loadHistograms(0, 60_000);
    assertThat(instant("timestamp(h)", 90_000)).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(60));
    assertThat(instant("(h)", 90_000)).singleElement().satisfies(s -> assertThat(s.isHistogram()).isTrue());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "rate(h[5m])|rate()",
    "sum_over_time(h[5m])|sum_over_time()",
    "abs(h)|abs()",
    "sum(h)|sum",
    "sum by (job) (rate(h[5m]))|rate()",
    "count(h)|count",
    "h + 1|the + operator",
    "h * h|the * operator",
    "-h|unary minus",
    "label_replace(h, 'a', 'b', 'job', '.*')|label_replace()",
    "max_over_time(h[5m:1m])|max_over_time()",
    "h[5m]|range vector results",
    "h[5m:1m]|subquery results",
    "histogram_quantile(0.9, h)|histogram_quantile()",
  })
  void everythingElseRefusesHistogramsByName(String query, String receiver) throws Exception {
    loadHistograms(0, 60_000);
    assertThatThrownBy(() -> engine.instantQuery(storage, query, 90_000))
        .isInstanceOf(QueryException.class)
        .hasMessage("native histograms are not supported by " + receiver);
  }

  @Test
  void rangeQueriesRefuseHistogramsForNow() throws Exception {
    loadHistograms(0, 60_000);
    assertThatThrownBy(() -> engine.rangeQuery(storage, "h", 0, 60_000, 30_000))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("native histograms are not supported by range queries");
  }

  @Test
  void floatSeriesNextToHistogramsStillWork() throws Exception {
    loadHistograms(0, 60_000);
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", "f"), 0, 1);
    a.append(0, Labels.of("__name__", "f"), 60_000, 3);
    a.commit();
    assertThat(instant("sum(rate(f[5m]))", 60_000)).singleElement().satisfies(s -> assertThat(s.value()).isGreaterThan(0));
  }
}

package io.watchkeeper.storage.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Storage;
import io.watchkeeper.storage.StorageContractTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, plus what the TSDB adds to it. */
class TsdbTest extends StorageContractTest {
  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Override
  protected Storage open() {
    return Tsdb.open(TsdbOptions.defaults(dir, registry).withClock(new ManualClock(0))
        .withBlockRange(Duration.ofMillis(2_000)));
  }

  @Test
  void refusesNativeHistogramsAndKeepsTheBatchUsable() throws Exception {
    FloatHistogram h = new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0, 0, 1, 1, 0, new double[] {1},
        0, new double[0], new double[0]);
    Appender app = storage.appender();
    assertThatThrownBy(() -> app.appendHistogram(0, A, 1000, h))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.UNSUPPORTED))
        .hasMessageContaining("native histograms are not stored yet");
    app.append(0, A, 1000, 1);
    app.commit();
    assertThat(read(0, 5000, Matcher.metricName("up"))).containsExactly(A + " 1000=1.0");
  }

  @Test
  void labelsWithoutAMetricNameAreInvalid() {
    Appender app = storage.appender();
    assertThatThrownBy(() -> app.append(0, Labels.of("job", "x"), 1000, 1))
        .isInstanceOfSatisfying(AppendException.class, e -> assertThat(e.reason()).isEqualTo(AppendException.Reason.INVALID_LABELS));
    app.rollback();
  }

  @Test
  void samplesAppendedCountsWhatWasStored() throws Exception {
    Appender app = storage.appender();
    app.append(0, A, 1000, 1);
    app.append(0, B, 1000, 1);
    app.commit();
    assertThat(TsdbTestSupport.counter(registry, "watchkeeper_tsdb_samples_appended_total")).isEqualTo(2);
    assertThat(TsdbTestSupport.gauge(registry, "watchkeeper_tsdb_head_series")).isEqualTo(2);
    assertThat(TsdbTestSupport.gauge(registry, "watchkeeper_tsdb_head_chunks")).isEqualTo(2);
    Appender bad = storage.appender();
    assertThatThrownBy(() -> bad.append(99, null, 2000, 1)).isInstanceOf(AppendException.class);
    bad.rollback();
    assertThat(TsdbTestSupport.counter(registry, "watchkeeper_tsdb_rejected_samples_total")).isEqualTo(1);
  }

  @Test
  void labelNamesAndValuesSpanBlocksAndHead() throws Exception {
    for (long t = 0; t <= 10_000; t += 500) {
      append(A, t, 1);
    }
    append(C, 10_000, 3);
    ((Tsdb) storage).compact();
    assertThat(((Tsdb) storage).blockMetas()).isNotEmpty();
    try (Querier q = storage.querier(0, 20_000)) {
      assertThat(q.labelValues("job", List.of())).containsExactly("api");
      assertThat(q.labelNames(List.of(Matcher.of(MatchType.REGEX, "code", ".+")))).containsExactly("__name__", "code", "job");
      assertThat(q.labelValues("instance", List.of(Matcher.metricName("up")))).containsExactly("a:1");
    }
    // Only blocks cover the early range: the head's newer series does not show there.
    try (Querier q = storage.querier(0, 1_000)) {
      assertThat(q.labelValues("__name__", List.of())).containsExactly("up");
    }
    StringBuilder want = new StringBuilder(A.toString());
    for (long t = 0; t <= 10_000; t += 500) {
      want.append(' ').append(t).append("=1.0");
    }
    assertThat(read(0, 20_000, Matcher.metricName("up"))).containsExactly(want.toString());
  }
}

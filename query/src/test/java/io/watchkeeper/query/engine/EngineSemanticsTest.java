package io.watchkeeper.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.engine.QueryEngineOptions.Dialect;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Behaviour through the string API: windows, dialects, name dropping, matching errors, annotations. */
class EngineSemanticsTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(2));

  @AfterEach
  void close() {
    engine.close();
  }

  private void load(String name, String label, long interval, double... values) throws Exception {
    Appender a = storage.appender();
    for (int k = 0; k < values.length; k++) {
      a.append(0, Labels.of("__name__", name, "l", label), k * interval, values[k]);
    }
    a.commit();
  }

  private List<Sample> instant(PromqlEngine e, String q, long t) throws Exception {
    return ((Vector) e.instantQuery(storage, q, t).value()).samples();
  }

  static Stream<Arguments> windowCases() {
    return Stream.of(
        Arguments.of(Dialect.PROMETHEUS_3, 1.0), // (0, 60s]: the sample at 0 is outside
        Arguments.of(Dialect.PROMETHEUS_2, 2.0)); // [0, 60s]: both samples
  }

  @ParameterizedTest
  @MethodSource("windowCases")
  void rangeWindowStartFollowsDialect(Dialect dialect, double expectedCount) throws Exception {
    load("m", "a", 60_000, 1, 2);
    try (PromqlEngine e = new PromqlEngine(QueryEngineOptions.defaults().withDialect(dialect))) {
      assertThat(instant(e, "count_over_time(m[1m])", 60_000)).extracting(Sample::value).containsExactly(expectedCount);
    }
  }

  @Test
  void labelReplaceReadsNameThatRateWillDrop() throws Exception {
    load("metric_total", "a", 60_000, 0, 60, 120);
    List<Sample> s = instant(engine, "label_replace(rate(metric_total[2m]), \"src\", \"$1\", \"__name__\", \"(.+)\")", 120_000);
    assertThat(s).hasSize(1);
    assertThat(s.get(0).labels().equals(Labels.of("l", "a", "src", "metric_total"))).as("labels %s", s.get(0).labels()).isTrue();
  }

  @Test
  void sameLabelsAfterNameDropAtOneStepIsAnError() throws Exception {
    load("a", "x", 60_000, 1);
    load("b", "x", 60_000, 2);
    assertThatThrownBy(() -> engine.instantQuery(storage, "-{l=\"x\"}", 0))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void seriesLeftWithSameLabelsAtDifferentStepsMerge() throws Exception {
    load("a", "x", 600_000, 1, Double.NaN);
    Appender app = storage.appender();
    app.append(0, Labels.of("__name__", "b", "l", "x"), 600_000, 4);
    app.commit();
    Matrix m = (Matrix) engine.rangeQuery(storage, "-a{l=\"x\"} or -b", 0, 600_000, 600_000).value();
    assertThat(m.series()).hasSize(1);
    RangeSeries s = m.series().get(0);
    assertThat(s.values()).containsExactly(-1, Double.NaN);
  }

  @Test
  void oneToOneMatchingRefusesManySideDuplicates() throws Exception {
    load("many", "1", 60_000, 1);
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", "many", "l", "1", "x", "2"), 0, 2);
    a.append(0, Labels.of("__name__", "one", "l", "1"), 0, 3);
    a.commit();
    assertThatThrownBy(() -> engine.instantQuery(storage, "many + on(l) one", 0))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
    assertThat(instant(engine, "many + on(l) group_left one", 0)).extracting(Sample::value).containsExactlyInAnyOrder(4.0, 5.0);
  }

  @Test
  void histogramQuantileInterpolatesAndReportsMonotonicityFix() throws Exception {
    Appender a = storage.appender();
    double[] counts = {10, 8, 30};
    String[] les = {"0.1", "0.5", "+Inf"};
    for (int i = 0; i < les.length; i++) {
      a.append(0, Labels.of("__name__", "h_bucket", "le", les[i]), 0, counts[i]);
    }
    a.commit();
    QueryResult r = engine.instantQuery(storage, "histogram_quantile(0.5, h_bucket)", 0);
    // The 0.5 bucket (8) is below the 0.1 bucket (10) and is raised to 10; rank 15 lies in (0.5, +Inf]:
    // the quantile is the highest finite bound.
    assertThat(((Vector) r.value()).samples()).extracting(Sample::value).containsExactly(0.5);
    assertThat(r.warnings()).singleElement().asString().startsWith("PromQL info: input to histogram_quantile needed to be fixed");
  }

  @Test
  void topkKeepsLabelsAndOrdersByValue() throws Exception {
    load("m", "a", 60_000, 3);
    load("m", "b", 60_000, 9);
    load("m", "c", 60_000, 5);
    assertThat(instant(engine, "topk(2, m)", 0)).extracting(s -> s.labels().get("l")).containsExactly("b", "c");
  }

  @Test
  void sortWarnsInRangeQueries() throws Exception {
    load("m", "a", 60_000, 1, 2);
    QueryResult r = engine.rangeQuery(storage, "sort(m)", 0, 60_000, 60_000);
    assertThat(r.warnings()).containsExactly(
        "PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)");
  }
}

package io.watchkeeper.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An aggregation over a range function holds one batch of inputs at a time, not all of them. */
class FusedAggregationTest {
  private static final int SERIES = 10_000;
  private static final int STEPS = 100;
  private static final InMemoryStorage STORAGE = new InMemoryStorage();

  @BeforeAll
  static void load() throws Exception {
    for (int i = 0; i < SERIES; i++) {
      Appender a = STORAGE.appender();
      Labels labels = Labels.of("__name__", "c", "i", Integer.toString(i), "g", Integer.toString(i % 10));
      for (int k = 0; k < STEPS; k++) {
        a.append(0, labels, k * 15_000L, k * 15.0);
      }
      a.commit();
    }
  }

  /** Above one batch of inputs (4096 series x 100 steps) plus the output, below all inputs (1M points). */
  private static final long LIMIT = 600_000;

  @Test
  void sumOverRateStaysWithinTheSampleLimit() throws Exception {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxSamples(LIMIT))) {
      Matrix m = (Matrix) engine.rangeQuery(STORAGE, "sum by (g) (rate(c[1m]))", 0, (STEPS - 1) * 15_000L, 15_000).value();
      assertThat(m.series()).hasSize(10);
      // Each counter rises 1/s; every group sums 1000 of them.
      double[] values = m.series().get(0).values();
      assertThat(values[values.length - 1]).isCloseTo(1000.0, within(1e-9));
    }
  }

  @Test
  void resultsDoNotDependOnParallelism() throws Exception {
    String q = "sum by (g) (rate(c[1m])) / on(g) count by (g) (c)";
    try (PromqlEngine serial = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1));
        PromqlEngine parallel = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(4))) {
      Matrix a = (Matrix) serial.rangeQuery(STORAGE, q, 0, (STEPS - 1) * 15_000L, 15_000).value();
      Matrix b = (Matrix) parallel.rangeQuery(STORAGE, q, 0, (STEPS - 1) * 15_000L, 15_000).value();
      assertThat(b.series()).hasSameSizeAs(a.series());
      for (int i = 0; i < a.series().size(); i++) {
        assertThat(b.series().get(i).labels().equals(a.series().get(i).labels())).isTrue();
        assertThat(b.series().get(i).values()).containsExactly(a.series().get(i).values());
      }
    }
  }

  @Test
  void aggregationOverUnfusedExpressionMustHoldAllInputs() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxSamples(LIMIT))) {
      assertThatThrownBy(() -> engine.rangeQuery(STORAGE, "sum by (g) (abs(rate(c[1m])))", 0, (STEPS - 1) * 15_000L, 15_000))
          .isInstanceOf(TooManySamplesException.class);
    }
  }
}

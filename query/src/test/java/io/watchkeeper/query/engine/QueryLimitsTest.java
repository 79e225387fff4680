package io.watchkeeper.query.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.ErrorType;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.QueryTimeoutException;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.query.Vector;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryLimitsTest {
  private final InMemoryStorage storage = new InMemoryStorage();

  @BeforeEach
  void load() throws Exception {
    for (int i = 0; i < 2000; i++) {
      Appender a = storage.appender();
      Labels labels = Labels.of("__name__", "m", "i", Integer.toString(i));
      for (int k = 0; k < 10; k++) {
        a.append(0, labels, k * 15_000L, k);
      }
      a.commit();
    }
  }

  @Test
  void timeoutStopsTheQueryInsideItsSeriesLoop() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withTimeout(Duration.ofNanos(1)))) {
      assertThatThrownBy(() -> engine.instantQuery(storage, "sum(rate(m[5m]))", 135_000))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessage("query timed out in query execution")
          .satisfies(e -> assertThat(((QueryTimeoutException) e).errorType()).isEqualTo(ErrorType.TIMEOUT));
    }
  }

  @Test
  void aTimeoutGivenWithTheQueryStopsItInTheCallersThread() throws Exception {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults())) {
      assertThatThrownBy(() -> engine.instantQuery(storage, "sum(rate(m[5m]))", 135_000, Duration.ofNanos(1)))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessage("query timed out in query execution");
      assertThatThrownBy(() -> engine.rangeQuery(storage, "sum(rate(m[5m]))", 0, 135_000, 15_000, Duration.ofNanos(1)))
          .isInstanceOf(QueryTimeoutException.class);
      assertThat(engine.instantQuery(storage, "sum(rate(m[5m]))", 135_000, Duration.ofMinutes(1)).value()).isNotNull();
    }
  }

  @Test
  void aSubqueryWithMillionsOfStepsStopsAtItsTimeout() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults())) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> engine.instantQuery(storage, "count_over_time(m{i=\"1\"}[2h:1ms])", 135_000, Duration.ofMillis(5)))
          .isInstanceOf(QueryTimeoutException.class);
      System.out.printf("subquery stopped after %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    }
  }

  @Test
  void aTimeoutGivenWithTheQueryIsCappedAtTheEngines() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withTimeout(Duration.ofNanos(1)))) {
      assertThatThrownBy(() -> engine.instantQuery(storage, "sum(rate(m[5m]))", 135_000, Duration.ofHours(1)))
          .isInstanceOf(QueryTimeoutException.class);
    }
  }

  @Test
  void sampleLimitCountsPointsHeldByIntermediateResults() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxSamples(5_000))) {
      // 2000 series x 10 steps = 20,000 points in the selector's result: over the limit.
      assertThatThrownBy(() -> engine.rangeQuery(storage, "m", 0, 135_000, 15_000))
          .isInstanceOf(TooManySamplesException.class)
          .hasMessage("query processing would load too many samples into memory in query execution");
    }
  }

  @Test
  void sampleLimitAllowsWhatFits() throws Exception {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxSamples(5_000))) {
      Vector v = (Vector) engine.instantQuery(storage, "count(m)", 135_000).value();
      assertThat(v.samples().get(0).value()).isEqualTo(2000);
    }
  }

  @Test
  void seriesLimitRejectsLargeSelections() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxSeries(1000))) {
      assertThatThrownBy(() -> engine.instantQuery(storage, "count(m)", 0))
          .isInstanceOf(TooManySamplesException.class)
          .hasMessageContaining("too many series");
    }
  }

  @Test
  void rangeQueryRejectsTooManySteps() {
    try (PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withMaxRangePoints(100))) {
      assertThatThrownBy(() -> engine.rangeQuery(storage, "m", 0, 1_000_000, 1_000))
          .isInstanceOf(TooManySamplesException.class)
          .hasMessageContaining("exceeded maximum resolution of 100 points per timeseries");
    }
  }

  @Test
  void rangeQueryRefusesRangeVectors() {
    try (PromqlEngine engine = new PromqlEngine()) {
      assertThatThrownBy(() -> engine.rangeQuery(storage, "m[5m]", 0, 60_000, 15_000))
          .isInstanceOf(EvaluationException.class)
          .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    }
  }
}

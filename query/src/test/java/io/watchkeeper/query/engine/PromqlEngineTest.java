package io.watchkeeper.query.engine;

import static io.watchkeeper.query.engine.Ast.agg;
import static io.watchkeeper.query.engine.Ast.bin;
import static io.watchkeeper.query.engine.Ast.call;
import static io.watchkeeper.query.engine.Ast.num;
import static io.watchkeeper.query.engine.Ast.range;
import static io.watchkeeper.query.engine.Ast.sel;
import static io.watchkeeper.query.engine.Ast.subquery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.parser.AggregateOp;
import io.watchkeeper.query.parser.BinaryOp;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.VectorMatching;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromqlEngineTest {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1));

  @AfterEach
  void close() {
    engine.close();
  }

  /** Appends {@code values[k]} at {@code k * intervalMillis}. */
  private void load(Labels labels, long intervalMillis, double... values) throws AppendException {
    Appender a = storage.appender();
    for (int k = 0; k < values.length; k++) {
      a.append(0, labels, k * intervalMillis, values[k]);
    }
    a.commit();
  }

  private Vector instant(Expr e, long t) throws QueryException {
    return (Vector) engine.evaluateInstant(storage, e, "", t).value();
  }

  @Test
  void rateExtrapolatesLikePrometheus() throws Exception {
    load(Labels.of("__name__", "http_requests", "job", "api"), 60_000, 0, 10, 20, 30, 40, 50);
    Vector v = instant(call("rate", range(sel("http_requests"), 300_000)), 300_000);
    assertThat(v.samples()).hasSize(1);
    Sample s = v.samples().get(0);
    assertThat(s.labels().equals(Labels.of("job", "api"))).as("labels %s", s.labels()).isTrue();
    // Window (0, 5m] holds 10..50 at 1m..5m: increase 40 over 4m; the first sample is within 1.1
    // average intervals of the window start, so it extrapolates the whole minute: 50 over 5m.
    assertThat(s.value()).isCloseTo(50.0 / 300, within(1e-12));
  }

  @Test
  void rateAccountsForCounterResets() throws Exception {
    load(Labels.of("__name__", "c"), 60_000, 0, 10, 20, 5, 15, 25);
    Vector v = instant(call("increase", range(sel("c"), 300_000)), 300_000);
    // 10->20, reset to 5 (adds 20), ->25: raw 15 + 20 = 35 over 4m, extrapolated to 5m.
    assertThat(v.samples().get(0).value()).isCloseTo(35 * 5.0 / 4, within(1e-9));
  }

  @Test
  void staleMarkerEndsLookback() throws Exception {
    load(Labels.of("__name__", "m"), 10_000, 0, 1, StaleMarker.STALE_NAN, 2);
    assertThat(instant(sel("m"), 10_000).samples()).extracting(Sample::value).containsExactly(1.0);
    assertThat(instant(sel("m"), 20_000).samples()).isEmpty();
    assertThat(instant(sel("m"), 329_000).samples()).extracting(Sample::value).containsExactly(2.0);
    assertThat(instant(sel("m"), 330_000).samples()).isEmpty();
  }

  @Test
  void sumByGroupsAndDropsOtherLabels() throws Exception {
    load(Labels.of("__name__", "x", "job", "a", "i", "1"), 60_000, 1);
    load(Labels.of("__name__", "x", "job", "a", "i", "2"), 60_000, 2);
    load(Labels.of("__name__", "x", "job", "b", "i", "1"), 60_000, 4);
    Vector v = instant(agg(AggregateOp.SUM, sel("x"), "job"), 0);
    assertThat(v.samples()).containsExactlyInAnyOrder(
        new Sample(Labels.of("job", "a"), 0, 3), new Sample(Labels.of("job", "b"), 0, 4));
  }

  @Test
  void rangeQueryStepsAndSortsSeries() throws Exception {
    load(Labels.of("__name__", "m", "k", "b"), 30_000, 1, 2, 3, 4, 5);
    load(Labels.of("__name__", "m", "k", "a"), 30_000, 10, 20, 30, 40, 50);
    Matrix m = (Matrix) engine.evaluateRange(storage, bin(BinaryOp.MUL, sel("m"), num(2)), "", 0, 120_000, 60_000).value();
    assertThat(m.series()).extracting(RangeSeries::labels).containsExactly(Labels.of("k", "a"), Labels.of("k", "b"));
    assertThat(m.series().get(1).values()).containsExactly(2, 6, 10);
    assertThat(m.series().get(1).timestamps()).containsExactly(0, 60_000, 120_000);
  }

  @Test
  void oneToOneMatchingRefusesDuplicatesOnOneSide() throws Exception {
    load(Labels.of("__name__", "dup", "label", "alpha"), 60_000, 1);
    load(Labels.of("__name__", "dup", "label", "beta"), 60_000, 2);
    load(Labels.of("__name__", "one"), 60_000, 3);
    VectorMatching onNothing = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), true, List.of());
    assertThatThrownBy(() -> instant(bin(BinaryOp.GTR, sel("one"), sel("dup"), onNothing), 0))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("found duplicate series for the match group {} on the right hand-side of the operation: "
            + "[{__name__=\"dup\", label=\"alpha\"}, {__name__=\"dup\", label=\"beta\"}]"
            + ";many-to-many matching not allowed: matching labels must be unique on one side");
  }

  @Test
  void subqueryFeedsRangeFunction() throws Exception {
    load(Labels.of("__name__", "g"), 60_000, 1, 2, 3, 4, 5, 6);
    Vector v = instant(call("max_over_time", subquery(bin(BinaryOp.MUL, sel("g"), num(10)), 180_000, 60_000)), 300_000);
    assertThat(v.samples()).extracting(Sample::value).containsExactly(60.0);
  }

  @Test
  void scalarArithmeticStaysScalar() throws Exception {
    Scalar s = (Scalar) engine.evaluateInstant(storage, bin(BinaryOp.POW, num(2), num(10)), "", 0).value();
    assertThat(s.value()).isEqualTo(1024);
  }

  @Test
  void sampleLimitStopsHeavyQuery() throws Exception {
    for (int i = 0; i < 50; i++) {
      load(Labels.of("__name__", "m", "i", Integer.toString(i)), 1_000, new double[100]);
    }
    try (PromqlEngine small = new PromqlEngine(QueryEngineOptions.defaults().withMaxSamples(100).withParallelism(1))) {
      assertThatThrownBy(() -> small.evaluateInstant(storage, call("sum_over_time", range(sel("m"), 100_000)), "", 99_000))
          .isInstanceOf(TooManySamplesException.class)
          .hasMessage("query processing would load too many samples into memory in query execution");
    }
  }

  @Test
  void absentNamesLabelsOfEqualityMatchers() throws Exception {
    Vector v = instant(call("absent", sel("nope", Matcher.equal("job", "x"))), 0);
    assertThat(v.samples()).containsExactly(new Sample(Labels.of("job", "x"), 0, 1));
  }
}

package io.watchkeeper.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.RecordingRuleConfig;
import io.watchkeeper.rules.RuleConfig;
import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleGroupConfig;
import io.watchkeeper.rules.unittest.RuleTestGroup.AlertTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedAlert;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExpectedSample;
import io.watchkeeper.rules.unittest.RuleTestGroup.ExprTestCase;
import io.watchkeeper.rules.unittest.RuleTestGroup.InputSeries;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleUnitTesterTest {
  private static final List<RuleGroupConfig> RULES = List.of(
      RuleGroupConfig.of("alerts", "rules.yml", List.<RuleConfig>of(
          new AlertingRuleConfig("InstanceDown", "up == 0", Duration.ofMinutes(5), Duration.ZERO,
              Map.of("severity", "page"), Map.of("summary", "Instance {{ $labels.instance }} down")))),
      RuleGroupConfig.of("rules", "rules.yml", List.<RuleConfig>of(
          new RecordingRuleConfig("job:up:sum", "sum by (job) (up)", Map.of()))));

  private static RuleUnitTester tester(List<RuleGroupConfig> rules) {
    return new RuleUnitTester(InMemoryStorage::new, paths -> rules, QueryEngineOptions.Dialect.PROMETHEUS_3);
  }

  private static RuleTestGroup group(String name, List<InputSeries> input, List<AlertTestCase> alerts,
      List<ExprTestCase> exprs) {
    return new RuleTestGroup(name, Optional.empty(), input, alerts, exprs, Labels.EMPTY, "", Instant.EPOCH);
  }

  private static RuleTestFile file(RuleTestGroup... groups) {
    return new RuleTestFile("t.yml", List.of("rules.yml"), Duration.ofMinutes(1), List.of(), false, List.of(groups));
  }

  private static final List<InputSeries> DOWN = List.of(new InputSeries("up{job=\"api\", instance=\"a:9\"}", "0x15"));

  @Test
  void passesWhenAlertsAndExpressionsAreAsExpected() {
    RuleTestGroup g = group("ok", DOWN, List.of(
        new AlertTestCase(Duration.ofMinutes(4), "InstanceDown", List.of()),
        new AlertTestCase(Duration.ofMinutes(5), "InstanceDown", List.of(new ExpectedAlert(
            Map.of("severity", "page", "instance", "a:9", "job", "api"), Map.of("summary", "Instance a:9 down"))))),
        List.of(new ExprTestCase("job:up:sum", Duration.ofMinutes(10),
            List.of(new ExpectedSample("job:up:sum{job=\"api\"}", 0, ""))),
            new ExprTestCase("count(ALERTS) by (alertstate)", Duration.ofMinutes(2),
                List.of(new ExpectedSample("{alertstate=\"pending\"}", 1, "")))));
    assertThat(tester(RULES).run(file(g), Optional.empty())).isEmpty();
  }

  @Test
  void reportsAlertMismatchesAsPromtoolPrintsThem() {
    RuleTestGroup g = group("wrong", DOWN, List.of(new AlertTestCase(Duration.ofMinutes(5), "InstanceDown",
        List.of())), List.of());
    assertThat(tester(RULES).run(file(g), Optional.empty())).containsExactly(
        "    name: wrong,\n"
            + "    alertname: InstanceDown, time: 5m, \n"
            + "        exp:[], \n"
            + "        got:[\n"
            + "            0:\n"
            + "              Labels:{alertname=\"InstanceDown\", instance=\"a:9\", job=\"api\", severity=\"page\"}\n"
            + "              Annotations:{summary=\"Instance a:9 down\"}\n"
            + "            ]");
  }

  @Test
  void reportsExpressionMismatchesAndErrors() {
    RuleTestGroup g = group("", DOWN, List.of(), List.of(
        new ExprTestCase("up", Duration.ZERO, List.of(new ExpectedSample("up{job=\"api\",instance=\"a:9\"}", 1, ""))),
        new ExprTestCase("nothing", Duration.ZERO, List.of(new ExpectedSample("x", 60, ""))),
        new ExprTestCase("sum(", Duration.ofSeconds(90), List.of())));
    assertThat(tester(RULES).run(file(g), Optional.empty())).containsExactly(
        "    expr: \"up\", time: 0s,\n        exp: {__name__=\"up\", instance=\"a:9\", job=\"api\"} 1E+00\n"
            + "        got: {__name__=\"up\", instance=\"a:9\", job=\"api\"} 0E+00",
        "    expr: \"nothing\", time: 0s,\n        exp: {__name__=\"x\"} 6E+01\n        got: nil",
        "    expr: \"sum(\", time: 1m30s, err: 1:5: parse error: unclosed left parenthesis");
  }

  @Test
  void aRuleThatFailsStopsTheTestGroupAtThatStep() {
    List<RuleGroupConfig> bad = List.of(RuleGroupConfig.of("bad", "b.yml", List.<RuleConfig>of(
        new RecordingRuleConfig("joined", "join_1 + on(a) join_2", Map.of()))));
    RuleTestGroup g = group("", List.of(new InputSeries("join_1{a=\"1\",b=\"2\"}", "1"),
        new InputSeries("join_2{a=\"1\",b=\"3\"}", "2"), new InputSeries("join_2{a=\"1\",b=\"4\"}", "3")),
        List.of(), List.of(new ExprTestCase("joined", Duration.ofMinutes(5), List.of())));
    List<String> failures = tester(bad).run(file(g), Optional.empty());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).startsWith("    rule: joined, time: 0s, err: ").contains("many-to-many");
  }

  @Test
  void runsOnlyTheGroupsTheRunPatternSelectsAndReportsRuleFileProblems() {
    RuleTestGroup failing = group("wrong test", DOWN, List.of(), List.of(
        new ExprTestCase("up", Duration.ZERO, List.of())));
    RuleTestGroup passing = group("correct test", DOWN, List.of(), List.of());
    assertThat(tester(RULES).run(file(failing, passing), Optional.of(Pattern.compile("correct")))).isEmpty();
    assertThat(tester(RULES).run(file(failing, passing), Optional.of(Pattern.compile("wrong")))).hasSize(1);
    RuleUnitTester broken = new RuleUnitTester(InMemoryStorage::new, paths -> {
      throw new RuleConfigException(List.of("b.yml:7:15: groups[0].rules[0].expr: 1:7: parse error: unexpected end"));
    }, QueryEngineOptions.Dialect.PROMETHEUS_3);
    assertThat(broken.run(file(passing), Optional.empty())).containsExactly(
        "b.yml:7:15: groups[0].rules[0].expr: 1:7: parse error: unexpected end");
  }

  @Test
  void evaluatesGroupsInTheGivenOrderAndComparesFuzzilyWhenAsked() {
    List<RuleGroupConfig> chain = List.of(
        RuleGroupConfig.of("second", "r.yml", List.<RuleConfig>of(new RecordingRuleConfig("b", "a + 1", Map.of()))),
        RuleGroupConfig.of("first", "r.yml", List.<RuleConfig>of(new RecordingRuleConfig("a", "vector(1)", Map.of()))));
    RuleTestGroup g = group("", List.of(new InputSeries("x", "2.9999999999999996")), List.of(), List.of(
        new ExprTestCase("b", Duration.ZERO, List.of(new ExpectedSample("b", 2, ""))),
        new ExprTestCase("x", Duration.ZERO, List.of(new ExpectedSample("x", 3, "")))));
    RuleTestFile ordered = new RuleTestFile("t.yml", List.of(), Duration.ofMinutes(1), List.of("first", "second"), true,
        List.of(g));
    assertThat(tester(chain).run(ordered, Optional.empty())).isEmpty();
    RuleTestFile unordered = new RuleTestFile("t.yml", List.of(), Duration.ofMinutes(1), List.of(), false, List.of(g));
    assertThat(tester(chain).run(unordered, Optional.empty())).hasSize(2);
  }

  @Test
  void exposesExternalLabelsAndUrlToAlertTemplates() {
    List<RuleGroupConfig> rules = List.of(RuleGroupConfig.of("g", "r.yml", List.<RuleConfig>of(
        new AlertingRuleConfig("Down", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(),
            Map.of("where", "{{ $externalLabels.cluster }} {{ $externalURL }}")))));
    RuleTestGroup g = new RuleTestGroup("", Optional.empty(), DOWN, List.of(new AlertTestCase(Duration.ZERO, "Down",
        List.of(new ExpectedAlert(Map.of("instance", "a:9", "job", "api"),
            Map.of("where", "eu1 https://wk.example.com"))))), List.of(), Labels.of("cluster", "eu1"),
        "https://wk.example.com", Instant.EPOCH);
    assertThat(tester(rules).run(file(g), Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "1+2x3|1 3 5 7",
    "1-2x4|1 -1 -3 -5 -7",
    "1x2|1 1 1",
    "0 _ _x2 1|0 _ _ _ 1",
    "-2.5x1 .5 1e3|-2.5 -2.5 0.5 1000",
    "Inf -inf NaN|Infinity -Infinity NaN",
  })
  void expandsTheSeriesNotation(String notation, String expanded) throws SeriesNotation.SyntaxException {
    List<String> got = SeriesNotation.parseValues(notation).stream().map(v -> v == null ? "_" : fmt(v.value())).toList();
    assertThat(got).isEqualTo(Arrays.asList(expanded.split(" ")));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Test
  void parsesStaleMarkersMetricsAndRejectsGarbage() throws SeriesNotation.SyntaxException {
    assertThat(StaleMarker.isStale(SeriesNotation.parseValues("stale").get(0).value())).isTrue();
    assertThat(SeriesNotation.parseMetric("up{job=\"a\", instance='b',}").toString())
        .isEqualTo("{__name__=\"up\", instance=\"b\", job=\"a\"}");
    assertThat(SeriesNotation.parseMetric("{}").isEmpty()).isTrue();
    assertThat(SeriesNotation.parseMetric("").isEmpty()).isTrue();
    assertThat(SeriesNotation.parseMetric("{\"my.metric\", a=\"b\"}").metricName()).isEqualTo("my.metric");
    assertThatThrownBy(() -> SeriesNotation.parseMetric("up{job=\"prometheus\", instance=\"localhost:9090\""))
        .hasMessageContaining("parse error");
    assertThatThrownBy(() -> SeriesNotation.parseValues("1 foo")).hasMessageContaining("cannot parse value \"foo\"");
    assertThatThrownBy(() -> SeriesNotation.parseValues("stalex3")).hasMessageContaining("cannot parse value");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "1000, 1s", "60000, 1m0s", "3600000, 1h0m0s", "90500, 1m30.5s", "250, 250ms"})
  void printsDurationsAsGoDoes(long millis, String expected) {
    assertThat(RuleUnitTester.goDuration(millis)).isEqualTo(expected);
  }
}

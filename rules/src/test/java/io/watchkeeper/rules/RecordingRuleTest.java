package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingRuleTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);
  private static final long MIN = 60_000;

  private static RuleGroup group(RuleHarness h, RuleConfig... rules) throws RuleConfigException {
    return h.manager.loadGroups(List.of(RuleGroupConfig.of("g", "rules.yml", List.of(rules)))).get(0);
  }

  @Test
  void writesTheResultUnderTheRuleNameWithItsLabels() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "http_requests_total", "job", "api", "code", "500"), t, 7);
      h.write(Labels.of("__name__", "http_requests_total", "job", "web", "code", "500"), t, 3);
      RuleGroup g = group(h, new RecordingRuleConfig("job:errors:sum", "sum by (job) (http_requests_total)",
          Map.of("team", "core")));
      g.evaluate(T0);
      assertThat(h.query("job:errors:sum", t)).containsExactlyInAnyOrder(
          new Sample(Labels.of("__name__", "job:errors:sum", "job", "api", "team", "core"), t, 7),
          new Sample(Labels.of("__name__", "job:errors:sum", "job", "web", "team", "core"), t, 3));
      Rule r = g.rules().get(0);
      assertThat(r.health()).isEqualTo(RuleHealth.OK);
      assertThat(r.lastError()).isEmpty();
      assertThat(r.lastEvaluation()).contains(T0);
    }
  }

  @Test
  void anEmptyLabelValueRemovesTheLabelAndAScalarBecomesOneSeries() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "x", "job", "api", "env", "prod"), t, 1);
      RuleGroup g = group(h, new RecordingRuleConfig("x:noenv", "x", Map.of("env", "")),
          new RecordingRuleConfig("answer", "42", Map.of()));
      g.evaluate(T0);
      assertThat(h.query("x:noenv", t)).extracting(Sample::labels)
          .containsExactly(Labels.of("__name__", "x:noenv", "job", "api"));
      assertThat(h.query("answer", t)).containsExactly(new Sample(Labels.of("__name__", "answer"), t, 42));
    }
  }

  @Test
  void failsWhenRuleLabelsMakeTwoSeriesTheSame() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "x", "job", "a"), t, 1);
      h.write(Labels.of("__name__", "x", "job", "b"), t, 2);
      RuleGroup g = group(h, new RecordingRuleConfig("y", "x", Map.of("job", "same")));
      g.evaluate(T0);
      Rule r = g.rules().get(0);
      assertThat(r.health()).isEqualTo(RuleHealth.ERR);
      assertThat(r.lastError()).contains("vector contains metrics with the same labelset after applying rule labels");
      assertThat(h.raw("y")).isEmpty();
    }
  }

  @Test
  void failsWhenTheResultExceedsTheGroupLimit() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      for (int i = 0; i < 3; i++) {
        h.write(Labels.of("__name__", "x", "i", Integer.toString(i)), t, i);
      }
      RuleGroupConfig c = new RuleGroupConfig("g", "f", java.util.Optional.empty(), 2, java.util.Optional.empty(),
          Map.of(), List.of(new RecordingRuleConfig("y", "x", Map.of())));
      RuleGroup g = h.manager.loadGroups(List.of(c)).get(0);
      g.evaluate(T0);
      assertThat(g.rules().get(0).lastError()).contains("exceeded limit of 2 with 3 series");
    }
  }

  @Test
  void marksSeriesStaleWhenTheRuleStopsProducingThem() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "x", "job", "a"), t, 1);
      h.write(Labels.of("__name__", "x", "job", "b"), t, 2);
      h.write(Labels.of("__name__", "x", "job", "a"), t + MIN, 1);
      h.write(Labels.of("__name__", "x", "job", "b"), t + MIN, io.watchkeeper.model.StaleMarker.STALE_NAN);
      RuleGroup g = group(h, new RecordingRuleConfig("y", "x", Map.of()));
      g.evaluate(T0);
      g.evaluate(T0.plusSeconds(60));
      List<Sample> b = h.raw("y").stream().filter(s -> s.labels().get("job").equals("b")).toList();
      assertThat(b).hasSize(2);
      assertThat(b.get(0).value()).isEqualTo(2);
      assertThat(b.get(1).timestamp()).isEqualTo(t + MIN);
      assertThat(RuleHarness.isStale(b.get(1))).isTrue();
      assertThat(h.query("y", t + MIN)).extracting(s -> s.labels().get("job")).containsExactly("a");
    }
  }

  @Test
  void queryOffsetShiftsTheQueryAndTheWrittenTimestamps() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "x"), t - 30_000, 5);
      h.write(Labels.of("__name__", "x"), t, 6);
      RuleGroupConfig c = new RuleGroupConfig("g", "f", java.util.Optional.empty(), 0,
          java.util.Optional.of(Duration.ofSeconds(30)), Map.of(), List.of(new RecordingRuleConfig("y", "x", Map.of())));
      h.manager.loadGroups(List.of(c)).get(0).evaluate(T0);
      assertThat(h.raw("y")).containsExactly(new Sample(Labels.of("__name__", "y"), t - 30_000, 5));
    }
  }

  @Test
  void rejectsInvalidExpressionsAndNamesWithEveryProblemListed() {
    try (RuleHarness h = new RuleHarness(T0)) {
      assertThatThrownBy(() -> group(h, new RecordingRuleConfig("ok", "rate(x[5m]", Map.of()),
          new RecordingRuleConfig("bad{x=\"1\"}", "x", Map.of()),
          new AlertingRuleConfig("A", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(),
              Map.of("summary", "{{ $label.x }}"))))
          .isInstanceOf(RuleConfigException.class)
          .satisfies(e -> assertThat(((RuleConfigException) e).problems()).containsExactly(
              "rules.yml: group \"g\", rule 1, \"ok\": could not parse expression: 1:11: parse error: "
                  + "unclosed left parenthesis",
              "rules.yml: group \"g\", rule 2, \"bad{x=\"1\"}\": invalid recording rule name: bad{x=\"1\"}",
              "rules.yml: group \"g\", rule 3, \"A\": template: __alert_A:1:4: undefined variable \"$label\""));
    }
  }
}

package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdCompilerTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);

  /** The seeds' example: cpu above 80% for 5m is a warning, above 95% for 1m is critical. */
  private static final ThresholdRule CPU = ThresholdRule.above("HighCpu", "cpu_usage_percent",
      new ThresholdRule.Level("warning", 80, Duration.ofMinutes(5)),
      new ThresholdRule.Level("critical", 95, Duration.ofMinutes(1)));

  @Test
  void compilesOneAlertingRulePerLevel() throws RuleConfigException {
    RuleGroupConfig g = ThresholdCompiler.compile(List.of(CPU), "watchkeeper.yml", Optional.empty());
    assertThat(g.name()).isEqualTo("thresholds");
    assertThat(g.rules()).containsExactly(
        new AlertingRuleConfig("HighCpu", "(cpu_usage_percent) > 80", Duration.ofMinutes(5), Duration.ZERO,
            Map.of("severity", "warning"),
            Map.of("summary", "HighCpu on {{ $labels.instance }}: {{ $value | humanize }} is above 80")),
        new AlertingRuleConfig("HighCpu", "(cpu_usage_percent) > 95", Duration.ofMinutes(1), Duration.ZERO,
            Map.of("severity", "critical"),
            Map.of("summary", "HighCpu on {{ $labels.instance }}: {{ $value | humanize }} is above 95")));
  }

  @Test
  void firesTheWarningAfterFiveMinutesAboveEightyAndTheCriticalAfterOneMinuteAboveNinetyFive() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      Labels cpu = Labels.of("__name__", "cpu_usage_percent", "instance", "db1");
      long t = T0.toEpochMilli();
      // 85% for 7 minutes, then 97%
      h.writeSeries(cpu, t, 60_000, 85, 85, 85, 85, 85, 85, 85, 97, 97, 97);
      RuleGroup g = h.manager.loadGroups(List.of(ThresholdCompiler.compile(List.of(CPU), "f", Optional.empty()))).get(0);
      for (int m = 0; m <= 4; m++) {
        g.evaluate(T0.plusSeconds(60L * m));
      }
      assertThat(state(g, "warning")).isEqualTo(AlertState.PENDING);
      g.evaluate(T0.plusSeconds(300));
      assertThat(state(g, "warning")).isEqualTo(AlertState.FIRING);
      assertThat(state(g, "critical")).isEqualTo(AlertState.INACTIVE);
      g.evaluate(T0.plusSeconds(420));
      assertThat(state(g, "critical")).isEqualTo(AlertState.PENDING);
      g.evaluate(T0.plusSeconds(480));
      assertThat(state(g, "critical")).isEqualTo(AlertState.FIRING);
      ActiveAlert critical = g.alertingRules().get(1).activeAlerts().get(0);
      assertThat(critical.labels().get("severity")).isEqualTo("critical");
      assertThat(critical.annotations().get("summary")).isEqualTo("HighCpu on db1: 97 is above 95");
    }
  }

  private static AlertState state(RuleGroup g, String severity) {
    return g.alertingRules().stream().filter(r -> r.labels().get("severity").equals(severity)).findFirst()
        .orElseThrow().state();
  }

  @Test
  void supportsBelowPlainConditionsLabelsAndAnnotations() throws RuleConfigException {
    ThresholdRule disk = new ThresholdRule("DiskSpaceLow", "disk_free_percent", ThresholdRule.Direction.BELOW,
        List.of(new ThresholdRule.Level("warning", 20, Duration.ofMinutes(10))), "warning", Duration.ZERO,
        Map.of("team", "infra"), Map.of("runbook_url", "/runbooks/disk.md"));
    ThresholdRule down = new ThresholdRule("DatabaseDown", "postgres_up == 0", ThresholdRule.Direction.ABOVE,
        List.of(), "critical", Duration.ofSeconds(30), Map.of(), Map.of("summary", "database down"));
    RuleGroupConfig g = ThresholdCompiler.compile(List.of(disk, down), "f", Optional.of(Duration.ofSeconds(15)));
    assertThat(g.interval()).contains(Duration.ofSeconds(15));
    AlertingRuleConfig d = (AlertingRuleConfig) g.rules().get(0);
    assertThat(d.expr()).isEqualTo("(disk_free_percent) < 20");
    assertThat(d.labels()).isEqualTo(Map.of("team", "infra", "severity", "warning"));
    assertThat(d.annotations()).containsEntry("runbook_url", "/runbooks/disk.md").containsKey("summary");
    assertThat(g.rules().get(1)).isEqualTo(new AlertingRuleConfig("DatabaseDown", "postgres_up == 0",
        Duration.ofSeconds(30), Duration.ZERO, Map.of("severity", "critical"), Map.of("summary", "database down")));
  }

  @Test
  void rejectsBadExpressionsRepeatedNamesAndRepeatedSeverities() {
    ThresholdRule bad = ThresholdRule.above("A", "rate(x[5m]", new ThresholdRule.Level("warning", 1, Duration.ZERO));
    ThresholdRule range = ThresholdRule.above("B", "x[5m]", new ThresholdRule.Level("warning", 1, Duration.ZERO));
    ThresholdRule twice = ThresholdRule.above("C", "x", new ThresholdRule.Level("warning", 1, Duration.ZERO),
        new ThresholdRule.Level("warning", 2, Duration.ZERO));
    assertThatThrownBy(() -> ThresholdCompiler.compile(List.of(bad, range, twice, twice), "f", Optional.empty()))
        .isInstanceOf(RuleConfigException.class)
        .satisfies(e -> assertThat(((RuleConfigException) e).problems()).containsExactly(
            "alert \"A\": expr: 1:11: parse error: unclosed left parenthesis",
            "alert \"B\": expr must give an instant vector or a scalar, got matrix",
            "alert \"C\": severity \"warning\" has two thresholds",
            "alert \"C\": defined more than once",
            "alert \"C\": severity \"warning\" has two thresholds"));
  }
}

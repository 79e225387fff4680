package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleGroupConfig;
import io.watchkeeper.rules.ThresholdCompiler;
import io.watchkeeper.rules.ThresholdRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdRuleBinderTest {
  private record Bound(List<ThresholdRule> rules, List<String> errors) {}

  private static Bound bind(String yaml) throws ConfigException {
    Binder binder = Binder.literal("watchkeeper.yml", Path.of("."));
    Section top = new Section(binder, "", (YamlNode.MapNode) YamlTreeReader.read("watchkeeper.yml", yaml));
    List<ThresholdRule> rules = ThresholdRuleBinder.bind(top.sections("alerts"));
    top.finish(java.util.Set.of());
    return new Bound(rules, binder.errors());
  }

  @Test
  void bindsTheSeedsThresholdsAndPlainConditions() throws Exception {
    Bound b = bind("""
        alerts:
          - name: HighCpu
            expr: cpu_usage_percent
            above:
              warning: {value: 80, for: 5m}
              critical: {value: 95, for: 1m}
            labels: {team: infra}
            summary: "CPU at {{ $value }}%"
          - name: DiskSpaceLow
            metric: disk_free_percent
            below: 20
            for: 10m
            runbook: /runbooks/disk.md
          - name: DatabaseDown
            expr: postgres_up == 0
            for: 30s
            severity: critical
            action: page
        """);
    assertThat(b.errors()).isEmpty();
    assertThat(b.rules()).containsExactly(
        new ThresholdRule("HighCpu", "cpu_usage_percent", ThresholdRule.Direction.ABOVE, List.of(
            new ThresholdRule.Level("warning", 80, Duration.ofMinutes(5)),
            new ThresholdRule.Level("critical", 95, Duration.ofMinutes(1))), "warning", Duration.ZERO,
            Map.of("team", "infra"), Map.of("summary", "CPU at {{ $value }}%")),
        new ThresholdRule("DiskSpaceLow", "disk_free_percent", ThresholdRule.Direction.BELOW, List.of(
            new ThresholdRule.Level("warning", 20, Duration.ofMinutes(10))), "warning", Duration.ofMinutes(10),
            Map.of(), Map.of("runbook_url", "/runbooks/disk.md")),
        new ThresholdRule("DatabaseDown", "postgres_up == 0", ThresholdRule.Direction.ABOVE, List.of(), "critical",
            Duration.ofSeconds(30), Map.of("action", "page"), Map.of()));
  }

  @Test
  void compilesToAlertingRules() throws Exception {
    Bound b = bind("""
        alerts:
          - name: HighCpu
            expr: cpu_usage_percent
            above: {warning: {value: 80, for: 5m}, critical: {value: 95, for: 1m}}
        """);
    RuleGroupConfig g = ThresholdCompiler.compile(b.rules(), "watchkeeper.yml", Optional.empty());
    assertThat(g.rules()).extracting(r -> r.expr()).containsExactly("(cpu_usage_percent) > 80",
        "(cpu_usage_percent) > 95");
  }

  @Test
  void reportsEveryMistakeWithItsPlace() throws ConfigException, RuleConfigException {
    Bound b = bind("""
        alerts:
          - expr: x
            above: lots
          - name: B
            above: {warning: {for: 5m}}
            below: 3
            severty: page
        """);
    assertThat(b.errors()).containsExactly(
        "watchkeeper.yml:2:5: alerts[0].name: every alert needs a name",
        "watchkeeper.yml:3:12: alerts[0].above: expected a number, got \"lots\"",
        "watchkeeper.yml:4:5: alerts[1].expr: every alert needs expr (or metric): what to measure",
        "watchkeeper.yml:5:22: alerts[1].above.warning.value: every level needs a value",
        "watchkeeper.yml:6:12: alerts[1].below: set one of above and below, not both",
        "watchkeeper.yml:7:5: alerts[1].severty: unknown key (did you mean \"severity\"?)");
  }
}

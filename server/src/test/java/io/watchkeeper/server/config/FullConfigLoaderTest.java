package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.RuleGroupConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole file: threshold alerts and monitors become rule groups next to the rule files'. */
class FullConfigLoaderTest {
  private final FullConfigLoader loader = new FullConfigLoader(Map.of());
  @TempDir Path dir;

  private FullConfig load(String yaml) throws Exception {
    Path file = dir.resolve("watchkeeper.yml");
    Files.writeString(file, yaml);
    return loader.load(file);
  }

  @Test
  void thresholdAlertsOfTheSeedsCompileToAGroupOfAlertingRules() throws Exception {
    FullConfig c = load("""
        alerts:
          - name: HighCpu
            expr: cpu_usage_percent
            above:
              warning: {value: 80, for: 5m}
              critical: {value: 95, for: 1m}
          - name: DatabaseDown
            expr: postgres_up == 0
            for: 30s
            severity: critical
        """);

    RuleGroupConfig g = c.ruleGroups().stream().filter(r -> r.name().equals("thresholds")).findFirst().orElseThrow();
    assertThat(g.rules()).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(AlertingRuleConfig.class));
    assertThat(g.rules()).map(r -> (AlertingRuleConfig) r)
        .extracting(AlertingRuleConfig::alert, r -> r.labels().get("severity"), AlertingRuleConfig::forDuration)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("HighCpu", "warning", Duration.ofMinutes(5)),
            org.assertj.core.groups.Tuple.tuple("HighCpu", "critical", Duration.ofMinutes(1)),
            org.assertj.core.groups.Tuple.tuple("DatabaseDown", "critical", Duration.ofSeconds(30)));
  }

  @Test
  void aBadThresholdAlertIsRejectedWithItsPlaceOrName() throws Exception {
    assertThatThrownBy(() -> load("""
        alerts:
          - name: HighCpu
            above: 80
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).contains("watchkeeper.yml:2:").contains("alerts[0]").contains("expr")));

    assertThatThrownBy(() -> load("""
        alerts:
          - name: Broken
            expr: rate(x[5m]
            above: 1
        """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).contains("watchkeeper.yml").contains("Broken")));
  }

  @Test
  void noAlertsNoGroup() throws Exception {
    assertThat(load("global: {scrape_interval: 15s}\n").ruleGroups()).isEmpty();
  }
}

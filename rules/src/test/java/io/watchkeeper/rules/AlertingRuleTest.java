package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertingRuleTest {
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000);
  private static final long MIN = 60_000;
  private static final Labels UP_A = Labels.of("__name__", "up", "job", "api", "instance", "a:9100");

  private static AlertingRuleConfig instanceDown(Duration hold, Duration keepFiring) {
    return new AlertingRuleConfig("InstanceDown", "up == 0", hold, keepFiring, Map.of("severity", "page"),
        Map.of("summary", "{{ $labels.instance }} of {{ $labels.job }} down", "value", "{{ $value }}"));
  }

  private static RuleGroup group(RuleHarness h, AlertingRuleConfig rule) throws RuleConfigException {
    return h.manager.loadGroups(List.of(RuleGroupConfig.of("g", "rules.yml", List.of(rule)))).get(0);
  }

  private static Instant at(long minutes) {
    return T0.plusSeconds(60 * minutes);
  }

  @Test
  void goesFromPendingToFiringAfterForThenResolves() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.writeSeries(UP_A, t, MIN, 0, 0, 0, 1);
      RuleGroup g = group(h, instanceDown(Duration.ofMinutes(2), Duration.ZERO));
      AlertingRule rule = g.alertingRules().get(0);
      assertThat(rule.state()).isEqualTo(AlertState.UNKNOWN);

      g.evaluate(at(0));
      assertThat(rule.state()).isEqualTo(AlertState.PENDING);
      ActiveAlert a = rule.activeAlerts().get(0);
      assertThat((Object) a.labels()).isEqualTo(Labels.of("alertname", "InstanceDown", "instance", "a:9100", "job", "api",
          "severity", "page"));
      assertThat((Object) a.annotations()).isEqualTo(Labels.of("summary", "a:9100 of api down", "value", "0"));
      assertThat(a.activeAt()).isEqualTo(at(0));
      assertThat(h.sink.all()).isEmpty();
      assertThat(h.sink.pending).singleElement().satisfies(p -> {
        assertThat((Object) p.labels()).isEqualTo(a.labels());
        assertThat(p.startsAt()).isEqualTo(at(0));
      });

      g.evaluate(at(1));
      assertThat(rule.state()).isEqualTo(AlertState.PENDING);
      assertThat(h.sink.pending).hasSize(1); // once per pending period
      g.evaluate(at(2));
      assertThat(rule.state()).isEqualTo(AlertState.FIRING);
      assertThat(rule.activeAlerts().get(0).firedAt()).contains(at(2));
      Alert sent = h.sink.last().get(0);
      assertThat(sent.startsAt()).isEqualTo(at(2));
      assertThat(sent.endsAt()).isEqualTo(at(6)); // 4 x max(interval, resend delay)
      assertThat(sent.generatorUrl()).isEqualTo("/graph?g0.expr=up+%3D%3D+0&g0.tab=1");

      g.evaluate(at(3));
      assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
      assertThat(rule.activeAlerts()).isEmpty();
      Alert resolved = h.sink.last().get(0);
      assertThat(resolved.endsAt()).isEqualTo(at(3));
      assertThat(resolved.isResolvedAt(at(3))).isTrue();
    }
  }

  @Test
  void writesAlertsAndForStateSeries() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.writeSeries(UP_A, t, MIN, 0, 0);
      RuleGroup g = group(h, instanceDown(Duration.ofMinutes(1), Duration.ZERO));
      g.evaluate(at(0));
      g.evaluate(at(1));
      Labels base = Labels.of("alertname", "InstanceDown", "instance", "a:9100", "job", "api", "severity", "page");
      List<Sample> alerts = h.raw("ALERTS");
      assertThat(alerts).hasSize(3);
      assertThat(alerts.subList(0, 2)).containsExactly(
          new Sample(with(base, "__name__", "ALERTS", "alertstate", "firing"), t + MIN, 1),
          new Sample(with(base, "__name__", "ALERTS", "alertstate", "pending"), t, 1));
      // the pending series ends with a staleness marker when the alert fires
      assertThat(alerts.get(2).timestamp()).isEqualTo(t + MIN);
      assertThat(RuleHarness.isStale(alerts.get(2))).isTrue();
      assertThat(h.raw("ALERTS_FOR_STATE")).containsExactly(
          new Sample(with(base, "__name__", "ALERTS_FOR_STATE"), t, t / 1000),
          new Sample(with(base, "__name__", "ALERTS_FOR_STATE"), t + MIN, t / 1000));
      assertThat(h.query("ALERTS{alertstate=\"pending\"}", t + MIN)).isEmpty();
    }
  }

  private static Labels with(Labels base, String... more) {
    Labels.Builder b = base.toBuilder();
    for (int i = 0; i < more.length; i += 2) {
      b.set(more[i], more[i + 1]);
    }
    return b.build();
  }

  @Test
  void aPendingAlertThatGoesAwayIsForgotten() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.writeSeries(UP_A, t, MIN, 0, 1);
      RuleGroup g = group(h, instanceDown(Duration.ofMinutes(5), Duration.ZERO));
      g.evaluate(at(0));
      g.evaluate(at(1));
      assertThat(g.alertingRules().get(0).state()).isEqualTo(AlertState.INACTIVE);
      assertThat(g.alertingRules().get(0).activeAlerts()).isEmpty();
      assertThat(h.sink.all()).isEmpty();
      assertThat(h.sink.pending).hasSize(1);
      assertThat(h.sink.pendingCleared).containsExactly(
          Labels.of("alertname", "InstanceDown", "instance", "a:9100", "job", "api", "severity", "page"));
    }
  }

  @Test
  void keepsFiringForTheConfiguredTimeAfterTheConditionIsGone() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.writeSeries(UP_A, t, MIN, 0, 1, 1, 1, 1);
      RuleGroup g = group(h, instanceDown(Duration.ZERO, Duration.ofMinutes(2)));
      AlertingRule rule = g.alertingRules().get(0);
      g.evaluate(at(0));
      assertThat(rule.state()).isEqualTo(AlertState.FIRING);
      g.evaluate(at(1));
      assertThat(rule.activeAlerts().get(0).keepFiringSince()).contains(at(1));
      assertThat(rule.state()).isEqualTo(AlertState.FIRING);
      g.evaluate(at(2));
      assertThat(rule.state()).isEqualTo(AlertState.FIRING);
      g.evaluate(at(3));
      assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
    }
  }

  @Test
  void resendsFiringAlertsAfterTheResendDelayAndResolvedOnesForFifteenMinutes() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      double[] values = new double[25];
      values[0] = 0;
      values[1] = 0;
      values[2] = 0;
      for (int i = 3; i < values.length; i++) {
        values[i] = 1;
      }
      h.writeSeries(UP_A, t, 30_000, values);
      RuleGroup g = h.manager.loadGroups(List.of(RuleGroupConfig.of("g", "f",
          List.<RuleConfig>of(instanceDown(Duration.ZERO, Duration.ZERO))).withInterval(Duration.ofSeconds(30)))).get(0);
      for (int i = 0; i < 3; i++) {
        g.evaluate(T0.plusSeconds(30L * i));
      }
      // firing at 0s (sent), 30s (within resend delay: not sent), 60s (not after 60s: not sent)
      assertThat(h.sink.batches).hasSize(1);
      g.evaluate(T0.plusSeconds(90)); // resolved: sent at once
      assertThat(h.sink.batches).hasSize(2);
      assertThat(h.sink.last().get(0).endsAt()).isEqualTo(T0.plusSeconds(90));
      for (int i = 4; i < 25; i++) {
        g.evaluate(T0.plusSeconds(30L * i));
      }
      assertThat(g.alertingRules().get(0).activeAlerts()).isEmpty();
      // re-sent once more than a resend delay (1m) passed since the last send: at 180s, 270s, ... 720s
      assertThat(h.sink.batches).hasSize(9);
      assertThat(h.sink.batches.get(8).get(0).endsAt()).isEqualTo(T0.plusSeconds(90));
      assertThat(g.alertingRules().get(0).state()).isEqualTo(AlertState.INACTIVE);
    }
  }

  @Test
  void addsExternalLabelsToAlertsAndExposesThemToTemplates() throws Exception {
    try (RuleHarness h = new RuleHarness(T0, new io.watchkeeper.storage.memory.InMemoryStorage(),
        o -> o.withExternal(Labels.of("cluster", "eu1", "job", "ignored"), "https://wk.example.com"))) {
      h.write(UP_A, T0.toEpochMilli(), 0);
      RuleGroup g = group(h, new AlertingRuleConfig("Down", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(),
          Map.of("where", "{{ $externalLabels.cluster }} {{ $externalURL }}")));
      g.evaluate(T0);
      Alert a = h.sink.last().get(0);
      assertThat(a.labels().get("cluster")).isEqualTo("eu1");
      assertThat(a.labels().get("job")).isEqualTo("api");
      assertThat(a.annotations().get("where")).isEqualTo("eu1 https://wk.example.com");
      assertThat(a.generatorUrl()).startsWith("https://wk.example.com/graph?g0.expr=");
      assertThat(h.sink.pending).as("for: 0 fires at once, never pending").isEmpty();
    }
  }

  @Test
  void failsWhenAlertLabelsCollideAndWhenAlertsExceedTheLimit() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.write(Labels.of("__name__", "up", "instance", "a"), t, 0);
      h.write(Labels.of("__name__", "up", "instance", "b"), t, 0);
      RuleGroup g = group(h, new AlertingRuleConfig("A", "up == 0", Duration.ZERO, Duration.ZERO,
          Map.of("instance", "same"), Map.of()));
      g.evaluate(T0);
      assertThat(g.rules().get(0).lastError())
          .contains("vector contains metrics with the same labelset after applying alert labels");
      RuleGroupConfig limited = new RuleGroupConfig("l", "f", java.util.Optional.empty(), 1, java.util.Optional.empty(),
          Map.of(), List.of(AlertingRuleConfig.of("B", "up == 0", Duration.ZERO)));
      RuleGroup lg = h.manager.loadGroups(List.of(limited)).get(0);
      lg.evaluate(T0);
      assertThat(lg.rules().get(0).health()).isEqualTo(RuleHealth.ERR);
      assertThat(lg.rules().get(0).lastError()).contains("exceeded limit of 1 with 2 alerts");
      assertThat(lg.alertingRules().get(0).activeAlerts()).isEmpty();
    }
  }

  @Test
  void aTemplateThatFailsAtRuntimeShowsTheErrorInTheAnnotation() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.write(UP_A, T0.toEpochMilli(), 0);
      RuleGroup g = group(h, new AlertingRuleConfig("A", "up == 0", Duration.ZERO, Duration.ZERO, Map.of(),
          Map.of("x", "{{ query \"nothing\" | first | value }}", "q", "{{ query \"up\" | first | label \"job\" }}")));
      g.evaluate(T0);
      ActiveAlert a = g.alertingRules().get(0).activeAlerts().get(0);
      assertThat(a.annotations().get("x")).startsWith("<error expanding template: error executing template __alert_A: ")
          .contains("first() called on vector with no elements");
      assertThat(a.annotations().get("q")).isEqualTo("api");
      assertThat(g.rules().get(0).health()).isEqualTo(RuleHealth.OK);
    }
  }
}

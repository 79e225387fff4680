package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleManagerTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Labels UP_A = Labels.of("__name__", "up", "job", "api", "instance", "a");

  private static RuleGroupConfig group(String name, Duration interval, RuleConfig... rules) {
    return RuleGroupConfig.of(name, "rules.yml", List.of(rules)).withInterval(interval);
  }

  private static double counter(RuleHarness h, String name, String group) {
    for (MetricSnapshot m : h.registry.scrape()) {
      if (m.getMetadata().getPrometheusName().equals(name) && m instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().filter(d -> d.getLabels().get("rule_group").equals(group))
            .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
      }
    }
    throw new AssertionError("no metric " + name);
  }

  @Test
  void evaluatesEachGroupAtItsOwnOffsetWithinTheInterval() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.manager.applyConfig(List.of(group("a", Duration.ofMinutes(1), new RecordingRuleConfig("one", "1", Map.of())),
          group("b", Duration.ofSeconds(15), new RecordingRuleConfig("two", "2", Map.of()))));
      h.manager.start();
      h.advance(Duration.ofMinutes(3));
      RuleGroup a = h.manager.groups().get(0);
      RuleGroup b = h.manager.groups().get(1);
      long offA = a.offsetNanos();
      long offB = b.offsetNanos();
      assertThat(offA).isBetween(0L, Duration.ofMinutes(1).toNanos() - 1);
      assertThat(offB).isBetween(0L, Duration.ofSeconds(15).toNanos() - 1);
      // Prometheus' hash of {file="rules.yml", name="a"} decides the slot; every evaluation is on it.
      for (Sample s : h.raw("one")) {
        long nanos = s.timestamp() * 1_000_000;
        // the sample is at the slot truncated to milliseconds
        assertThat(Math.floorMod(nanos - offA + 999_999, Duration.ofMinutes(1).toNanos())).isLessThan(1_000_000);
      }
      assertThat(h.raw("one")).hasSize(3);
      // every evaluation of "a" started exactly at its slot (offset + k x interval): no lag at all
      for (Instant started : h.scheduler.startTimes()) {
        long nanos = started.getEpochSecond() * 1_000_000_000L + started.getNano();
        boolean onA = Math.floorMod(nanos - offA, Duration.ofMinutes(1).toNanos()) == 0;
        boolean onB = Math.floorMod(nanos - offB, Duration.ofSeconds(15).toNanos()) == 0;
        assertThat(onA || onB).as("start %s is on a slot", started).isTrue();
      }
      assertThat(h.raw("two")).hasSizeBetween(11, 12);
      // each evaluation started exactly at its slot: lag 0 with a manual clock
      assertThat(a.lastEvaluation()).isPresent();
      assertThat(a.lastEvaluation().get().toEpochMilli()).isEqualTo(a.lastEvaluationTimestamp().get().toEpochMilli());
      assertThat(counter(h, "watchkeeper_rule_evaluations", "rules.yml;a")).isEqualTo(3);
      assertThat(counter(h, "watchkeeper_rule_group_iterations_missed", "rules.yml;a")).isZero();
    }
  }

  @Test
  void theGroupOffsetIsPrometheusHashOfFileAndName() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.manager.applyConfig(List.of(RuleGroupConfig.of("alerts", "rules.yml",
          List.of(new RecordingRuleConfig("x", "1", Map.of())))));
      // XXH64 of the stringlabels encoding of {file="rules.yml", name="alerts"}, modulo 1m in ns
      assertThat(h.manager.groups().get(0).offsetNanos()).isEqualTo(15_618_656_361L);
    }
  }

  @Test
  void countsAndSkipsMissedIterationsWhenAnEvaluationOverruns() throws Exception {
    ManualScheduler[] sched = new ManualScheduler[1];
    QueryFunction slow = (expr, t) -> {
      sched[0].elapse(Duration.ofSeconds(35)); // each evaluation takes 35s of a 10s interval
      return new io.watchkeeper.query.Scalar(t, 1);
    };
    try (RuleHarness h = new RuleHarness(T0, new InMemoryStorage(), o -> o.withQueryFunction(slow))) {
      sched[0] = h.scheduler;
      h.manager.applyConfig(List.of(group("slow", Duration.ofSeconds(10), new RecordingRuleConfig("s", "1", Map.of()))));
      h.manager.start();
      h.advance(Duration.ofSeconds(100));
      List<Instant> starts = h.scheduler.startTimes();
      assertThat(starts).hasSizeGreaterThanOrEqualTo(2);
      // a 35s evaluation on a 10s interval: the next evaluation starts right after it, on the
      // latest slot that has passed (30s after the first); the two slots in between are missed
      assertThat(Duration.between(starts.get(0), starts.get(1))).isEqualTo(Duration.ofSeconds(35));
      List<Sample> written = h.raw("s");
      assertThat(written.get(1).timestamp() - written.get(0).timestamp()).isEqualTo(30_000);
      // the second one took until 70s: the slots at 40s, 50s and 60s were missed
      assertThat(written.get(2).timestamp() - written.get(1).timestamp()).isEqualTo(40_000);
      double missed = counter(h, "watchkeeper_rule_group_iterations_missed", "rules.yml;slow");
      assertThat(missed).isGreaterThanOrEqualTo(5);
      assertThat(counter(h, "watchkeeper_rule_group_iterations", "rules.yml;slow"))
          .isEqualTo(counter(h, "watchkeeper_rule_evaluations", "rules.yml;slow") + missed);
    }
  }

  @Test
  void reloadKeepsUnchangedGroupsAndCarriesAlertsIntoChangedOnes() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      long t = T0.toEpochMilli();
      h.writeSeries(UP_A, t, 10_000, new double[60]);
      RuleGroupConfig alerts = group("alerts", Duration.ofSeconds(10),
          AlertingRuleConfig.of("Down", "up == 0", Duration.ofMinutes(5)));
      RuleGroupConfig other = group("other", Duration.ofSeconds(10), new RecordingRuleConfig("one", "1", Map.of()));
      h.manager.applyConfig(List.of(alerts, other));
      h.manager.start();
      h.advance(Duration.ofMinutes(2));
      RuleGroup otherBefore = h.manager.groups().get(1);
      ActiveAlert before = h.manager.activeAlerts().get(0);
      assertThat(before.state()).isEqualTo(AlertState.PENDING);

      // change the alerts group (a new rule), keep the other unchanged
      RuleGroupConfig alerts2 = group("alerts", Duration.ofSeconds(10),
          AlertingRuleConfig.of("Down", "up == 0", Duration.ofMinutes(5)),
          AlertingRuleConfig.of("AlsoDown", "up < 1", Duration.ofMinutes(5)));
      h.manager.applyConfig(List.of(alerts2, other));
      assertThat(h.manager.groups().get(1)).isSameAs(otherBefore);
      h.advance(Duration.ofMinutes(1));
      ActiveAlert down = h.manager.groups().get(0).alertingRules().get(0).activeAlerts().get(0);
      assertThat(down.activeAt()).isEqualTo(before.activeAt());
      h.advance(Duration.ofMinutes(3));
      assertThat(h.manager.groups().get(0).alertingRules().get(0).state()).isEqualTo(AlertState.FIRING);
      assertThat(h.manager.groups().get(0).alertingRules().get(1).state()).isEqualTo(AlertState.PENDING);
    }
  }

  @Test
  void aRemovedGroupMarksItsSeriesStaleTwoIntervalsLater() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.manager.applyConfig(List.of(group("g", Duration.ofSeconds(10), new RecordingRuleConfig("one", "1", Map.of()))));
      h.manager.start();
      h.advance(Duration.ofSeconds(35));
      int written = h.raw("one").size();
      Instant removedAt = h.scheduler.now();
      h.manager.applyConfig(List.of());
      h.advance(Duration.ofSeconds(15));
      assertThat(h.raw("one")).hasSize(written);
      h.advance(Duration.ofSeconds(10));
      List<Sample> after = h.raw("one");
      assertThat(after).hasSize(written + 1);
      assertThat(RuleHarness.isStale(after.get(after.size() - 1))).isTrue();
      assertThat(after.get(after.size() - 1).timestamp()).isEqualTo(removedAt.toEpochMilli());
      assertThat(h.manager.groups()).isEmpty();
    }
  }

  @Test
  void anInvalidConfigurationIsRejectedAndTheRunningOneStays() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.manager.applyConfig(List.of(group("g", Duration.ofSeconds(10), new RecordingRuleConfig("one", "1", Map.of()))));
      RuleGroup running = h.manager.groups().get(0);
      assertThatThrownBy(() -> h.manager.applyConfig(List.of(group("g", Duration.ofSeconds(10),
          new RecordingRuleConfig("one", "sum(", Map.of())))))
          .isInstanceOf(RuleConfigException.class)
          .hasMessageContaining("could not parse expression");
      assertThat(h.manager.groups()).containsExactly(running);
    }
  }

  @Test
  void aFailingRuleIsReportedAndCountedAndTheOthersStillRun() throws Exception {
    try (RuleHarness h = new RuleHarness(T0)) {
      h.write(Labels.of("__name__", "a", "x", "1"), T0.toEpochMilli(), 1);
      h.write(Labels.of("__name__", "b", "x", "1"), T0.toEpochMilli(), 1);
      h.write(Labels.of("__name__", "b", "x", "1", "y", "2"), T0.toEpochMilli(), 1);
      h.manager.applyConfig(List.of(group("g", Duration.ofSeconds(10),
          new RecordingRuleConfig("bad", "a + on(x) b", Map.of()), new RecordingRuleConfig("good", "1", Map.of()))));
      h.manager.start();
      h.advance(Duration.ofSeconds(10));
      List<Rule> rules = h.manager.groups().get(0).rules();
      assertThat(rules.get(0).health()).isEqualTo(RuleHealth.ERR);
      assertThat(rules.get(0).lastError()).hasValueSatisfying(e -> assertThat(e).contains("many-to-many"));
      assertThat(rules.get(1).health()).isEqualTo(RuleHealth.OK);
      assertThat(counter(h, "watchkeeper_rule_evaluation_failures", "rules.yml;g")).isEqualTo(1);
      assertThat(counter(h, "watchkeeper_rule_evaluations", "rules.yml;g")).isEqualTo(2);
    }
  }

  @Test
  void restoresForStateAfterARestartSoPendingAlertsDoNotStartOver() throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    long t = T0.toEpochMilli();
    RuleGroupConfig cfg = group("alerts", Duration.ofMinutes(1),
        AlertingRuleConfig.of("Down", "up == 0", Duration.ofMinutes(30)));
    Instant activeAt;
    long lastForState;
    try (RuleHarness first = new RuleHarness(T0, storage, o -> o)) {
      first.writeSeries(UP_A, t, 60_000, new double[120]);
      first.manager.applyConfig(List.of(cfg));
      first.manager.start();
      first.advance(Duration.ofMinutes(10));
      // the first start restores too: the rule is restored after its second evaluation
      ActiveAlert a = first.manager.activeAlerts().get(0);
      activeAt = a.activeAt();
      List<Sample> forState = first.raw("ALERTS_FOR_STATE");
      assertThat(forState).isNotEmpty();
      lastForState = forState.get(forState.size() - 1).timestamp();
      assertThat(forState.get(0).value()).isEqualTo(Math.floorDiv(activeAt.toEpochMilli(), 1000));
    }
    // down for 5 minutes, then a new process on the same storage
    Instant restart = T0.plus(Duration.ofMinutes(15));
    try (RuleHarness second = new RuleHarness(restart, storage, o -> o)) {
      second.manager.applyConfig(List.of(cfg));
      second.manager.start();
      second.advance(Duration.ofMinutes(2)); // two evaluations, then the restore
      ActiveAlert restored = second.manager.activeAlerts().get(0);
      long restoredAt = second.manager.groups().get(0).lastEvaluation().get().toEpochMilli();
      // pending time before the outage counts; from the last ALERTS_FOR_STATE sample to the restore
      // does not (whole seconds, as Prometheus keeps them)
      long expected = Math.floorDiv(activeAt.toEpochMilli(), 1000) * 1000
          + (restoredAt - Math.floorDiv(lastForState, 1000) * 1000);
      assertThat(restored.activeAt().toEpochMilli()).isEqualTo(expected);
      assertThat(restored.state()).isEqualTo(AlertState.PENDING);
      second.scheduler.advanceTo(Instant.ofEpochMilli(expected + Duration.ofMinutes(30).toMillis() - 1));
      assertThat(second.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.PENDING);
      second.advance(Duration.ofMinutes(1));
      assertThat(second.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.FIRING);
    }
  }

  @Test
  void anAlertAboutToFireWaitsOnlyTheGracePeriodAfterARestart() throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    long t = T0.toEpochMilli();
    RuleGroupConfig cfg = group("alerts", Duration.ofMinutes(1),
        AlertingRuleConfig.of("Down", "up == 0", Duration.ofMinutes(15)));
    try (RuleHarness first = new RuleHarness(T0, storage, o -> o)) {
      first.writeSeries(UP_A, t, 60_000, new double[120]);
      first.manager.applyConfig(List.of(cfg));
      first.manager.start();
      first.advance(Duration.ofMinutes(12)); // 3 minutes left of the 15
    }
    Instant restart = T0.plus(Duration.ofMinutes(13));
    try (RuleHarness second = new RuleHarness(restart, storage, o -> o)) {
      second.manager.applyConfig(List.of(cfg));
      second.manager.start();
      second.advance(Duration.ofMinutes(2));
      Instant restoredAt = Instant.ofEpochMilli(second.manager.groups().get(0).lastEvaluation().get().toEpochMilli());
      ActiveAlert a = second.manager.activeAlerts().get(0);
      // remaining time (about 4m) is under the grace period (10m): it fires 10m after the restore
      assertThat(a.activeAt().plus(Duration.ofMinutes(15))).isEqualTo(restoredAt.plus(Duration.ofMinutes(10)));
      second.advance(Duration.ofMinutes(9));
      assertThat(second.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.PENDING);
      second.advance(Duration.ofMinutes(2));
      assertThat(second.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.FIRING);
    }
  }

  @Test
  void aFiringAlertFiresAgainAtTheFirstEvaluationsAfterARestart() throws Exception {
    InMemoryStorage storage = new InMemoryStorage();
    long t = T0.toEpochMilli();
    RuleGroupConfig cfg = group("alerts", Duration.ofMinutes(1),
        AlertingRuleConfig.of("Down", "up == 0", Duration.ofMinutes(15)));
    try (RuleHarness first = new RuleHarness(T0, storage, o -> o)) {
      first.writeSeries(UP_A, t, 60_000, new double[120]);
      first.manager.applyConfig(List.of(cfg));
      first.manager.start();
      first.advance(Duration.ofMinutes(20));
      assertThat(first.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.FIRING);
    }
    try (RuleHarness second = new RuleHarness(T0.plus(Duration.ofMinutes(25)), storage, o -> o)) {
      second.manager.applyConfig(List.of(cfg));
      second.manager.start();
      second.advance(Duration.ofMinutes(3));
      assertThat(second.manager.activeAlerts().get(0).state()).isEqualTo(AlertState.FIRING);
      assertThat(second.manager.activeAlerts().get(0).activeAt()).isBefore(T0.plus(Duration.ofMinutes(2)));
    }
  }

  @Test
  void closeStopsEvaluating() throws Exception {
    RuleHarness h = new RuleHarness(T0);
    h.manager.applyConfig(List.of(group("g", Duration.ofSeconds(10), new RecordingRuleConfig("one", "1", Map.of()))));
    h.manager.start();
    h.advance(Duration.ofSeconds(30));
    int n = h.raw("one").size();
    h.close();
    h.advance(Duration.ofSeconds(30));
    assertThat(h.raw("one")).hasSize(n);
    assertThat(h.scheduler.pending()).isZero();
  }
}

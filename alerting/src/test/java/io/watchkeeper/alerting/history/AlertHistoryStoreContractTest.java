package io.watchkeeper.alerting.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link AlertHistoryStore} must do; each implementation's test extends this. */
public abstract class AlertHistoryStoreContractTest {
  protected abstract AlertHistoryStore store();

  protected static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  protected static AlertRecord firing(String name, String severity, String instance, Instant at) {
    Labels labels = Labels.of("alertname", name, "instance", instance, "severity", severity);
    return AlertRecord.begin(Fingerprint.of(labels), labels, Labels.of("summary", "s \"q\" \u00e9 {x}", "runbook_url", "https://rb/1"),
        AlertState.FIRING, at, at);
  }

  private static AlertEvent event(AlertRecord r, EventType type, Instant at, String detail) {
    return new AlertEvent(r.id(), type, at, detail);
  }

  @Test
  void openStoresTheRecordAndItsFirstEvent() {
    AlertHistoryStore s = store();
    AlertRecord r = s.open(firing("ApiDown", "critical", "a", T0), new AlertEvent(0, EventType.FIRING, T0, ""));

    assertThat(r.id()).isPositive();
    assertThat(s.get(r.id())).contains(r);
    assertThat(s.get(r.id()).orElseThrow().annotations().get("summary")).isEqualTo("s \"q\" \u00e9 {x}");
    assertThat(s.events(r.id())).containsExactly(new AlertEvent(r.id(), EventType.FIRING, T0, ""));
    assertThat(s.get(r.id() + 1000)).isEmpty();
  }

  @Test
  void timelineRecordsNotifiedAcknowledgedAndResolved() {
    AlertHistoryStore s = store();
    AlertRecord r = s.open(firing("ApiDown", "critical", "a", T0), new AlertEvent(0, EventType.FIRING, T0, ""));

    s.append(event(r, EventType.NOTIFIED, T0.plusSeconds(1), "oncall/slack/0"));
    s.append(event(r, EventType.NOTIFIED, T0.plusSeconds(2), "oncall/email/0"));
    AlertRecord acked = s.append(event(r, EventType.ACKNOWLEDGED, T0.plusSeconds(60), "alice")).orElseThrow();
    s.append(event(r, EventType.ACKNOWLEDGED, T0.plusSeconds(90), "bob"));
    AlertRecord resolved = s.append(event(r, EventType.RESOLVED, T0.plusSeconds(300), "")).orElseThrow();

    assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.acknowledgedBy()).isEqualTo("alice");
    assertThat(resolved.acknowledgedAt()).contains(T0.plusSeconds(60));
    assertThat(resolved.resolvedAt()).contains(T0.plusSeconds(300));
    assertThat(resolved.notifications()).isEqualTo(2);
    assertThat(s.get(r.id())).contains(resolved);
    assertThat(s.events(r.id())).extracting(AlertEvent::type).containsExactly(EventType.FIRING, EventType.NOTIFIED,
        EventType.NOTIFIED, EventType.ACKNOWLEDGED, EventType.ACKNOWLEDGED, EventType.RESOLVED);
    assertThat(s.events(r.id()).get(1).detail()).isEqualTo("oncall/slack/0");
    assertThat(s.append(new AlertEvent(r.id() + 1000, EventType.RESOLVED, T0, ""))).isEmpty();
  }

  @Test
  void activeListsUnresolvedNewestFirst() {
    AlertHistoryStore s = store();
    AlertRecord a = s.open(firing("A", "warning", "1", T0), new AlertEvent(0, EventType.FIRING, T0, ""));
    AlertRecord b = s.open(firing("B", "critical", "1", T0.plusSeconds(5)), new AlertEvent(0, EventType.FIRING, T0, ""));
    AlertRecord c = s.open(firing("C", "critical", "1", T0.plusSeconds(9)), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.append(event(b, EventType.RESOLVED, T0.plusSeconds(10), "alice"));

    assertThat(s.active()).extracting(AlertRecord::id).containsExactly(c.id(), a.id());
  }

  @Test
  void historyFiltersByTimeSeverityAndNameAndPages() {
    AlertHistoryStore s = store();
    for (int i = 0; i < 5; i++) {
      AlertRecord r = s.open(firing("Disk", i % 2 == 0 ? "warning" : "critical", "h" + i, T0.plusSeconds(i * 100)),
          new AlertEvent(0, EventType.FIRING, T0, ""));
      s.append(event(r, EventType.RESOLVED, T0.plusSeconds(i * 100 + 50), ""));
    }
    s.open(firing("Cpu", "warning", "h9", T0.plusSeconds(1000)), new AlertEvent(0, EventType.FIRING, T0, ""));

    HistoryPage all = s.history(HistoryQuery.all(100));
    HistoryPage warnings = s.history(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of("warning"), Optional.of("Disk"), 1,
        100));
    // active during [160s, 320s]: h1 ended at 150 (out), h2 100..250... h2 starts 200, h3 starts 300, h4 starts 400 (out)
    HistoryPage window = s.history(new HistoryQuery(Optional.of(T0.plusSeconds(160)), Optional.of(T0.plusSeconds(320)), Optional.empty(),
        Optional.empty(), 1, 100));
    HistoryPage page2 = s.history(new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 2, 2));

    assertThat(all.total()).isEqualTo(6);
    assertThat(all.alerts().get(0).name()).isEqualTo("Cpu");
    assertThat(warnings.alerts()).extracting(r -> r.labels().get("instance")).containsExactly("h4", "h2", "h0");
    assertThat(window.alerts()).extracting(r -> r.labels().get("instance")).containsExactly("h3", "h2");
    assertThat(page2.alerts()).extracting(r -> r.labels().get("instance")).containsExactly("h3", "h2");
    assertThat(page2.total()).isEqualTo(6);
    assertThat(page2.pages()).isEqualTo(3);
  }

  @Test
  void statsCountBySeverityAndRuleWithMeanTimesAndNoisiestRules() {
    AlertHistoryStore s = store();
    AlertRecord a = s.open(firing("ApiDown", "critical", "a", T0), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.append(event(a, EventType.NOTIFIED, T0.plusSeconds(1), "x"));
    s.append(event(a, EventType.ACKNOWLEDGED, T0.plusSeconds(120), "alice"));
    s.append(event(a, EventType.RESOLVED, T0.plusSeconds(600), ""));
    AlertRecord b = s.open(firing("ApiDown", "critical", "b", T0.plusSeconds(10)), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.append(event(b, EventType.ACKNOWLEDGED, T0.plusSeconds(250), "bob"));
    s.open(firing("Disk", "warning", "c", T0.plusSeconds(20)), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.open(firing("Old", "info", "d", T0.minusSeconds(3600)), new AlertEvent(0, EventType.FIRING, T0, ""));

    AlertStats st = s.stats(T0, T0.plus(Duration.ofHours(1)), 1);

    assertThat(st.total()).isEqualTo(3);
    assertThat(st.active()).isEqualTo(2);
    assertThat(st.bySeverity()).containsOnly(Map.entry("critical", 2L), Map.entry("warning", 1L));
    assertThat(st.byRule()).containsOnly(Map.entry("ApiDown", 2L), Map.entry("Disk", 1L));
    assertThat(st.meanTimeToAcknowledge()).contains(Duration.ofSeconds(180)); // (120 + 240) / 2
    assertThat(st.meanTimeToResolve()).contains(Duration.ofSeconds(600));
    assertThat(st.noisiest()).containsExactly(new AlertStats.RuleNoise("ApiDown", 2, 1));
  }

  @Test
  void retentionDeletesOnlyAlertsResolvedBeforeTheCutoff() {
    AlertHistoryStore s = store();
    AlertRecord old = s.open(firing("A", "warning", "1", T0), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.append(event(old, EventType.RESOLVED, T0.plusSeconds(10), ""));
    AlertRecord recent = s.open(firing("B", "warning", "1", T0), new AlertEvent(0, EventType.FIRING, T0, ""));
    s.append(event(recent, EventType.RESOLVED, T0.plusSeconds(1000), ""));
    AlertRecord active = s.open(firing("C", "warning", "1", T0), new AlertEvent(0, EventType.FIRING, T0, ""));

    assertThat(s.deleteResolvedBefore(T0.plusSeconds(500))).isEqualTo(1);

    assertThat(s.get(old.id())).isEmpty();
    assertThat(s.events(old.id())).isEmpty();
    assertThat(s.get(recent.id())).isPresent();
    assertThat(s.get(active.id())).isPresent();
    assertThat(s.history(HistoryQuery.all(10)).alerts()).extracting(AlertRecord::id).containsExactlyInAnyOrder(recent.id(), active.id());
    assertThat(List.of(s.deleteResolvedBefore(T0))).containsExactly(0);
  }
}

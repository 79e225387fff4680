package io.watchkeeper.alerting.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.alert.Alerts;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history recorder fed by a whole notification side with a manual clock and a real local webhook. */
class AlertHistoryTest {
  private static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z");
  private static final String[] LABELS = {"alertname", "HighLatency", "severity", "warning", "instance", "api-1"};
  private final ManualClock clock = new ManualClock(T0);
  private final HttpStub team = new HttpStub();
  private final InMemoryAlertHistoryStore store = new InMemoryAlertHistoryStore();
  private NotificationManager alerting;

  @AfterEach
  void stop() {
    if (alerting != null) {
      alerting.close();
    }
    team.close();
  }

  private AlertHistory history() {
    RouteConfig root = RouteConfig.builder().receiver("team").groupBy("alertname").groupWait(Duration.ofSeconds(30)).build();
    alerting = new NotificationManager(NotificationsConfig.of(root, ReceiverConfig.of("team", WebhookConfig.of(team.uri("/h").toString()))),
        new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(), new InMemoryOutbox()), clock,
        new PrometheusRegistry(), NotificationOptions.defaults("http://wk"), new NotifierFactory());
    AlertHistory h = new AlertHistory(store, clock, HistoryOptions.DEFAULTS);
    h.attach(alerting);
    alerting.startWithoutTimers();
    return h;
  }

  @Test
  void recordsPendingFiringNotifiedAcknowledgedAndResolved() {
    AlertHistory h = history();
    h.pending(Alerts.firing(T0, LABELS));
    h.flush();
    clock.advance(Duration.ofMinutes(5));
    alerting.send(List.of(Alerts.firing(T0, LABELS)));
    clock.advance(Duration.ofSeconds(30));
    alerting.runDue();
    h.flush();

    AlertRecord firing = h.active().get(0);
    assertThat(firing.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing.firingAt()).contains(T0.plusSeconds(300));
    assertThat(firing.notifications()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    assertThat(h.acknowledge(firing.id(), "alice")).hasValueSatisfying(r -> assertThat(r.state()).isEqualTo(AlertState.ACKNOWLEDGED));
    clock.advance(Duration.ofMinutes(3));
    alerting.send(List.of(Alerts.of(T0, clock.instant(), LABELS)));
    h.flush();

    AlertRecord done = store.get(firing.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(done.resolvedBy()).isEmpty();
    assertThat(h.active()).isEmpty();
    assertThat(store.events(firing.id())).extracting(AlertEvent::type)
        .containsExactly(EventType.PENDING, EventType.FIRING, EventType.NOTIFIED, EventType.ACKNOWLEDGED, EventType.RESOLVED);
    assertThat(store.events(firing.id()).get(2).detail()).isEqualTo("team/webhook/0");
    AlertStats stats = store.stats(T0, T0.plus(Duration.ofHours(1)), 5);
    assertThat(stats.meanTimeToAcknowledge()).contains(Duration.ofSeconds(150));
    assertThat(stats.meanTimeToResolve()).contains(Duration.ofSeconds(330));
  }

  @Test
  void aNewOccurrenceAfterResolutionIsANewRecordAndResolveByHandCloses() {
    AlertHistory h = history();
    alerting.send(List.of(Alerts.firing(T0, LABELS)));
    h.flush();
    long first = h.active().get(0).id();
    assertThat(h.resolve(first, "bob")).hasValueSatisfying(r -> assertThat(r.resolvedBy()).isEqualTo("bob"));

    clock.advance(Duration.ofMinutes(1));
    alerting.send(List.of(Alerts.firing(clock.instant(), LABELS)));
    h.flush();

    assertThat(h.active()).singleElement().satisfies(r -> assertThat(r.id()).isNotEqualTo(first));
    assertThat(h.resolve(first, "bob")).hasValueSatisfying(r -> assertThat(r.resolvedAt()).contains(T0));
    assertThat(h.acknowledge(999, "x")).isEmpty();
  }

  @Test
  void pendingThatNeverFiresEndsAndOpenRecordsAreReloadedAfterARestart() {
    AlertHistory h = history();
    h.pending(Alerts.firing(T0, LABELS));
    h.pendingCleared(Labels.of(LABELS));
    alerting.send(List.of(Alerts.firing(T0, "alertname", "Other", "severity", "critical")));
    h.flush();
    assertThat(store.history(HistoryQuery.all(10)).alerts()).extracting(AlertRecord::state)
        .containsExactlyInAnyOrder(AlertState.RESOLVED, AlertState.FIRING);

    AlertHistory restarted = new AlertHistory(store, clock, HistoryOptions.DEFAULTS);
    restarted.flush(); // loads the open records
    alerting.close();
    alerting = null;
    RouteConfig root = RouteConfig.root("team");
    alerting = new NotificationManager(NotificationsConfig.of(root, ReceiverConfig.of("team", WebhookConfig.of(team.uri("/h").toString()))),
        new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(), new InMemoryOutbox()), clock,
        new PrometheusRegistry(), NotificationOptions.defaults("http://wk"), new NotifierFactory());
    restarted.attach(alerting);
    alerting.send(List.of(Alerts.firing(T0, "alertname", "Other", "severity", "critical")));
    restarted.flush();

    assertThat(store.active()).hasSize(1); // the same occurrence continues: no duplicate record
  }

  @Test
  void retentionDeletesOldResolvedAlerts() {
    AlertHistory h = history();
    alerting.send(List.of(Alerts.of(T0, T0.plusSeconds(1), LABELS)));
    alerting.send(List.of(Alerts.firing(T0, LABELS)));
    h.flush();
    h.resolve(h.active().get(0).id(), "bob");
    clock.advance(Duration.ofDays(31));

    assertThat(h.cleanup()).isEqualTo(1);
    assertThat(store.history(HistoryQuery.all(10)).total()).isZero();
  }
}

package io.watchkeeper.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.Alerts;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.inhibit.InhibitRule;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.alerting.silence.Silence;
import io.watchkeeper.alerting.timeinterval.TimeInterval;
import io.watchkeeper.alerting.timeinterval.TimeIntervalParser;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole notification side with a manual clock, delivering to real local HTTP servers. */
class NotificationManagerTest {
  private static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z"); // a Monday
  private final ManualClock clock = new ManualClock(T0);
  private final HttpStub team = new HttpStub();
  private final HttpStub pager = new HttpStub();
  private final NotificationManager.Stores stores =
      new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(), new InMemoryOutbox());
  private final List<NotificationManager> managers = new ArrayList<>();

  @AfterEach
  void stop() {
    managers.forEach(NotificationManager::close);
    team.close();
    pager.close();
  }

  private WebhookConfig hook(HttpStub stub, int maxAlerts) {
    return new WebhookConfig(Secret.of(stub.uri("/hook").toString()), true, maxAlerts, Optional.empty(), Optional.empty(),
        Duration.ofSeconds(5));
  }

  private NotificationsConfig config(TimeIntervals intervals, List<InhibitRule> inhibit, RouteConfig... children) {
    RouteConfig root = RouteConfig.builder().receiver("team").groupBy("alertname").groupWait(Duration.ofSeconds(30))
        .groupInterval(Duration.ofMinutes(5)).repeatInterval(Duration.ofHours(4)).routes(children).build();
    return new NotificationsConfig(AlertIntake.DEFAULT_RESOLVE_TIMEOUT, root,
        List.of(ReceiverConfig.of("team", hook(team, 100)), ReceiverConfig.of("pager", hook(pager, 0))), inhibit, intervals, "");
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private NotificationManager manager(NotificationsConfig config, InstantSource source, boolean timers) {
    NotificationManager m = new NotificationManager(config, stores, source, managers.isEmpty() ? registry : new PrometheusRegistry(),
        NotificationOptions.defaults("http://watchkeeper:9095"), new NotifierFactory());
    managers.add(m);
    if (timers) {
      m.start();
    } else {
      m.startWithoutTimers();
    }
    return m;
  }

  private void advance(NotificationManager m, Duration d) {
    clock.advance(d);
    m.runDue();
  }

  private static JsonNode json(HttpStub.Request r) throws Exception {
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void notifiesOnceRepeatsAfterTheRepeatIntervalAndSendsTheResolution() throws Exception {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "HighLatency", "instance", "api-1")));

    advance(m, Duration.ofSeconds(30));
    assertThat(team.requests).hasSize(1);
    JsonNode first = json(team.requests.get(0));
    assertThat(first.get("status").asText()).isEqualTo("firing");
    assertThat(first.get("groupKey").asText()).isEqualTo("{}:{alertname=\"HighLatency\"}");
    assertThat(first.get("receiver").asText()).isEqualTo("team");
    assertThat(first.get("externalURL").asText()).isEqualTo("http://watchkeeper:9095");

    // Re-sent by its source every minute: unchanged, so nothing new until the repeat interval.
    for (int i = 0; i < 12; i++) {
      m.send(List.of(Alerts.firing(T0, "alertname", "HighLatency", "instance", "api-1")));
      advance(m, Duration.ofMinutes(1));
    }
    assertThat(team.requests).hasSize(1);
    // Still firing (re-sent every minute) until the repeat interval has passed: sent again.
    while (clock.instant().isBefore(T0.plus(Duration.ofHours(4)).plusSeconds(360))) {
      m.send(List.of(Alerts.firing(T0, "alertname", "HighLatency", "instance", "api-1")));
      advance(m, Duration.ofMinutes(1));
    }
    assertThat(team.requests).hasSize(2);
    assertThat(json(team.requests.get(1)).get("status").asText()).isEqualTo("firing");

    m.send(List.of(Alerts.of(T0, clock.instant(), "alertname", "HighLatency", "instance", "api-1")));
    advance(m, Duration.ofMinutes(5));
    assertThat(team.requests).hasSize(3);
    JsonNode resolved = json(team.requests.get(2));
    assertThat(resolved.get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.get("alerts").get(0).get("status").asText()).isEqualTo("resolved");
  }

  private double metric(String name, String... labels) {
    for (var snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getPrometheusName().equals(name)) {
        continue;
      }
      for (var point : snapshot.getDataPoints()) {
        boolean match = true;
        for (int i = 0; i < labels.length; i += 2) {
          match &= labels[i + 1].equals(point.getLabels().get(labels[i]));
        }
        if (match) {
          return switch (point) {
            case io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c -> c.getValue();
            case io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot g -> g.getValue();
            case io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot h -> h.getCount();
            default -> throw new AssertionError("unexpected data point " + point);
          };
        }
      }
    }
    throw new AssertionError("no metric " + name + " with " + List.of(labels));
  }

  @Test
  void selfMetricsCountAlertsNotificationsSilencesAndTheLogs() throws Exception {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "A"), Alerts.firing(T0, "1bad", "x")));
    m.silences().set(new Silence("", AlertMatchers.parseAll("alertname=\"B\""), T0, T0.plusSeconds(60), T0, "alice", "why"));
    advance(m, Duration.ofSeconds(30));
    m.maintain();

    assertThat(metric("watchkeeper_alerts_received", "status", "firing")).isEqualTo(2);
    assertThat(metric("watchkeeper_alerts_invalid")).isEqualTo(1);
    assertThat(metric("watchkeeper_notifications", "integration", "team/webhook/0")).isEqualTo(1);
    assertThat(metric("watchkeeper_notifications_delivered", "integration", "team/webhook/0")).isEqualTo(1);
    assertThat(metric("watchkeeper_notification_latency_seconds", "integration", "team/webhook/0")).isEqualTo(1);
    assertThat(metric("watchkeeper_silences", "state", "active")).isEqualTo(1);
    assertThat(metric("watchkeeper_nflog_entries")).isEqualTo(1);
    assertThat(metric("watchkeeper_notification_outbox_depth")).isZero();
    assertThat(metric("watchkeeper_dispatcher_aggregation_groups")).isEqualTo(1);
    assertThat(metric("watchkeeper_alerts", "state", "active")).isEqualTo(1);
  }

  @Test
  void appliedConfigurationRoutesTheNextFlushesAndKeepsTheAlerts() {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "A", "severity", "critical")));

    m.applyConfig(config(TimeIntervals.NONE, List.of(),
        RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("pager").build()));
    m.send(List.of(Alerts.firing(T0, "alertname", "A", "severity", "critical")));
    advance(m, Duration.ofSeconds(30));

    assertThat(pager.requests).hasSize(1);
    assertThat(team.requests).isEmpty();
    assertThat(m.route().match(io.watchkeeper.model.Labels.of("severity", "critical")).get(0).options().receiver()).isEqualTo("pager");
  }

  @Test
  void aRestartDoesNotSendTheSameGroupAgain() {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "DiskFull")));
    advance(m, Duration.ofSeconds(30));
    m.close();

    NotificationManager restarted = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    restarted.send(List.of(Alerts.firing(T0, "alertname", "DiskFull")));
    advance(restarted, Duration.ofSeconds(30));
    restarted.send(List.of(Alerts.firing(T0, "alertname", "DiskFull")));
    advance(restarted, Duration.ofMinutes(4));

    assertThat(team.requests).hasSize(1);
  }

  @Test
  void silencedAlertsAreNotSentAndShowAsSuppressed() throws Exception {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    m.silences().set(new Silence("", AlertMatchers.parseAll("alertname=\"Deploy\""), T0, T0.plusSeconds(3600), T0, "alice",
        "release 4.2"));
    m.send(List.of(Alerts.firing(T0, "alertname", "Deploy"), Alerts.firing(T0, "alertname", "Other")));

    advance(m, Duration.ofSeconds(30));

    assertThat(team.requests).hasSize(1);
    assertThat(json(team.requests.get(0)).get("groupLabels").get("alertname").asText()).isEqualTo("Other");
  }

  @Test
  void criticalAlertInhibitsTheWarningOfTheSameService() throws Exception {
    InhibitRule rule = new InhibitRule(AlertMatchers.parseAll("severity=\"critical\""), AlertMatchers.parseAll("severity=\"warning\""),
        List.of("service"));
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of(rule)), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "ApiDown", "service", "api", "severity", "critical"),
        Alerts.firing(T0, "alertname", "ApiSlow", "service", "api", "severity", "warning")));

    advance(m, Duration.ofSeconds(30));

    assertThat(team.requests).hasSize(1);
    assertThat(json(team.requests.get(0)).get("groupLabels").get("alertname").asText()).isEqualTo("ApiDown");
  }

  @Test
  void maintenanceWindowMutesPerformanceAlertsButNotCriticalOnes() {
    // The seeds: weekly maintenance suppresses performance alerts, never critical system failures.
    TimeInterval monday = new TimeInterval(List.of(TimeIntervalParser.timeRange("09:00", "13:00")),
        List.of(TimeIntervalParser.weekdays("monday")), List.of(), List.of(), List.of(), ZoneOffset.UTC);
    TimeIntervals intervals = new TimeIntervals(Map.of("maintenance", List.of(monday)));
    NotificationManager m = manager(config(intervals, List.of(),
        RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("pager").build(),
        RouteConfig.builder().matchers(AlertMatchers.parseAll("category=\"performance\"")).receiver("team")
            .muteTimeIntervals(List.of("maintenance")).build()), clock, false);
    m.send(List.of(Alerts.firing(T0, "alertname", "SlowQueries", "category", "performance"),
        Alerts.firing(T0, "alertname", "DatabaseDown", "severity", "critical")));

    advance(m, Duration.ofSeconds(30));

    assertThat(pager.requests).hasSize(1);
    assertThat(team.requests).isEmpty();
    clock.set(Instant.parse("2024-03-04T13:00:00Z"));
    m.send(List.of(Alerts.firing(T0, "alertname", "SlowQueries", "category", "performance")));
    m.runDue();
    assertThat(team.requests).hasSize(1);
  }

  @Test
  void aFloodOfAHundredThousandAlertsIsGroupedIntoOneNotification() throws Exception {
    NotificationManager m = manager(config(TimeIntervals.NONE, List.of()), clock, false);
    List<Alert> flood = new ArrayList<>(100_000);
    for (int i = 0; i < 100_000; i++) {
      flood.add(Alerts.firing(T0, "alertname", "InstanceDown", "instance", "host-" + i));
    }
    assertThat(m.send(flood)).isEmpty();

    advance(m, Duration.ofSeconds(30));

    assertThat(team.requests).hasSize(1);
    JsonNode body = json(team.requests.get(0));
    assertThat(body.get("alerts")).hasSize(100);
    assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(99_900);
  }

  @Test
  void receiverThatHangsFailsOrDropsTheConnectionDoesNotBlockTheOthers() throws Exception {
    try (HttpStub failing = new HttpStub(); HttpStub dropping = new HttpStub(); HttpStub chat = new HttpStub()) {
      team.behaviour.set(HttpStub.Behaviour.HANG);
      failing.status = 500;
      dropping.behaviour.set(HttpStub.Behaviour.CLOSE_CONNECTION); // reads the request, closes without a status line
      List<String> receivers = List.of("team", "failing", "dropping", "pager", "chat");
      List<RouteConfig> routes = new ArrayList<>();
      for (String r : receivers) {
        routes.add(RouteConfig.builder().matchers(AlertMatchers.parseAll("alertname=~\".+\"")).receiver(r).continueMatching(true)
            .build());
      }
      RouteConfig root = RouteConfig.builder().receiver("team").groupWait(Duration.ZERO).routes(routes.toArray(RouteConfig[]::new))
          .build();
      NotificationsConfig c = new NotificationsConfig(Duration.ofMinutes(5), root, List.of(ReceiverConfig.of("team", hook(team, 0)),
          ReceiverConfig.of("failing", hook(failing, 0)), ReceiverConfig.of("dropping", hook(dropping, 0)),
          ReceiverConfig.of("pager", hook(pager, 0)), ReceiverConfig.of("chat", hook(chat, 0))), List.of(), TimeIntervals.NONE, "");
      NotificationManager m = manager(c, InstantSource.system(), true);

      m.send(List.of(Alerts.firing(TrackedAlert.ZERO_TIME, "alertname", "ApiDown")));

      // On time: well before the hanging call's 5 s timeout could have freed anything behind it.
      Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> !pager.requests.isEmpty() && !chat.requests.isEmpty());
      assertThat(team.requests).hasSize(1); // still hanging on its first request
      // The broken receivers are retried on their own (1 s initial backoff), not given up on.
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> failing.requests.size() >= 2 && dropping.requests.size() >= 2);
      for (HttpStub healthy : List.of(pager, chat)) {
        assertThat(healthy.requests).hasSize(1);
        assertThat(json(healthy.requests.get(0)).at("/alerts/0/labels/alertname").asText()).isEqualTo("ApiDown");
      }
      assertThat(json(dropping.requests.get(0)).at("/alerts/0/labels/alertname").asText()).isEqualTo("ApiDown");
    }
  }
}

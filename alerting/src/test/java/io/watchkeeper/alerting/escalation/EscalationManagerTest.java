package io.watchkeeper.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.Alerts;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.history.HistoryOptions;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Escalation through the whole notification side, with a manual clock and real local webhooks. */
class EscalationManagerTest {
  private static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z");
  private static final String[] CRITICAL = {"alertname", "ApiDown", "severity", "critical", "instance", "api-1"};
  private final ManualClock clock = new ManualClock(T0);
  private final HttpStub team = new HttpStub();
  private final HttpStub oncall = new HttpStub();
  private final HttpStub manager = new HttpStub();
  private final NotificationManager.Stores stores =
      new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(), new InMemoryOutbox());
  private final InMemoryEscalationStore escalationStore = new InMemoryEscalationStore();
  private final List<NotificationManager> managers = new ArrayList<>();

  @AfterEach
  void stop() {
    managers.forEach(NotificationManager::close);
    team.close();
    oncall.close();
    manager.close();
  }

  static EscalationPolicy seedsPolicy() {
    return new EscalationPolicy("critical-oncall", List.of(
        new EscalationPolicy.Step(Duration.ofMinutes(5), List.of("oncall")),
        new EscalationPolicy.Step(Duration.ofMinutes(15), List.of("manager")),
        new EscalationPolicy.Step(Duration.ofMinutes(30), List.of("oncall", "manager"))));
  }

  private NotificationsConfig config() {
    RouteConfig critical = RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("team")
        .escalation("critical-oncall").build();
    RouteConfig root = RouteConfig.builder().receiver("team").groupBy("alertname").groupWait(Duration.ofSeconds(30))
        .groupInterval(Duration.ofMinutes(5)).repeatInterval(Duration.ofHours(4)).routes(critical).build();
    return new NotificationsConfig(AlertIntake.DEFAULT_RESOLVE_TIMEOUT, root,
        List.of(ReceiverConfig.of("team", hook(team)), ReceiverConfig.of("oncall", hook(oncall)), ReceiverConfig.of("manager", hook(manager))),
        List.of(), TimeIntervals.NONE, "", List.of(seedsPolicy()), HistoryOptions.DEFAULTS);
  }

  private static WebhookConfig hook(HttpStub stub) {
    return WebhookConfig.of(stub.uri("/hook").toString());
  }

  private record Side(NotificationManager alerting, EscalationManager escalations) {}

  private Side start() {
    NotificationManager m = new NotificationManager(config(), stores, clock, new PrometheusRegistry(),
        NotificationOptions.defaults("http://wk:9095"), new NotifierFactory());
    managers.add(m);
    EscalationManager e = new EscalationManager(m, escalationStore, clock);
    m.startWithoutTimers();
    return new Side(m, e);
  }

  private void advance(Side s, Duration d) {
    clock.advance(d);
    s.alerting().runDue();
    s.escalations().runDue();
    s.alerting().runDue();
  }

  /** Re-sends the firing alert every minute (as rules do) for {@code minutes}. */
  private void keepFiring(Side s, int minutes) {
    for (int i = 0; i < minutes; i++) {
      s.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
      advance(s, Duration.ofMinutes(1));
    }
  }

  @Test
  void unacknowledgedGroupEscalatesAfterFiveFifteenAndThirtyMinutes() {
    Side s = start();
    s.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
    advance(s, Duration.ofSeconds(30));
    assertThat(team.requests).hasSize(1);
    assertThat(s.escalations().escalations()).singleElement().satisfies(e -> {
      assertThat(e.policy()).isEqualTo("critical-oncall");
      assertThat(e.startedAt()).isEqualTo(T0.plusSeconds(30));
    });

    keepFiring(s, 4);
    assertThat(oncall.requests).isEmpty();
    keepFiring(s, 1); // 5m30s: five minutes after the first notification
    assertThat(oncall.requests).hasSize(1);
    assertThat(oncall.requests.get(0).body()).contains("\"receiver\":\"oncall\"").contains("ApiDown");
    assertThat(manager.requests).isEmpty();

    keepFiring(s, 10); // 15m30s
    assertThat(manager.requests).hasSize(1);
    keepFiring(s, 15); // 30m30s: the third step notifies both
    assertThat(oncall.requests).hasSize(2);
    assertThat(manager.requests).hasSize(2);
    keepFiring(s, 30);
    assertThat(oncall.requests).hasSize(2);
  }

  @Test
  void acknowledgementStopsTheEscalation() {
    Side s = start();
    s.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
    advance(s, Duration.ofSeconds(30));
    keepFiring(s, 6);
    assertThat(oncall.requests).hasSize(1);

    List<Escalation> acked = s.escalations().acknowledge(Fingerprint.of(Labels.of(CRITICAL)), "alice");
    keepFiring(s, 40);

    assertThat(acked).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(Escalation.State.ACKNOWLEDGED);
      assertThat(e.acknowledgedBy()).isEqualTo("alice");
    });
    assertThat(oncall.requests).hasSize(1);
    assertThat(manager.requests).isEmpty();
  }

  @Test
  void receiversOfNotifiedStepsGetTheResolution() {
    Side s = start();
    s.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
    advance(s, Duration.ofSeconds(30));
    keepFiring(s, 6);
    assertThat(oncall.requests).hasSize(1);

    s.alerting().send(List.of(Alerts.of(T0, clock.instant(), CRITICAL)));
    advance(s, Duration.ofMinutes(5));

    assertThat(oncall.requests).hasSize(2);
    assertThat(oncall.requests.get(1).body()).contains("\"status\":\"resolved\"").contains("\"receiver\":\"oncall\"");
    assertThat(manager.requests).isEmpty(); // never escalated to: nothing to resolve
    assertThat(s.escalations().escalations()).isEmpty();
  }

  @Test
  void resolutionEndsTheEscalationAndResolveByHandResolvesTheAlert() {
    Side s = start();
    s.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
    advance(s, Duration.ofSeconds(30));
    assertThat(s.escalations().escalations()).hasSize(1);

    boolean wasFiring = s.escalations().resolve(Fingerprint.of(Labels.of(CRITICAL)), "bob");
    advance(s, Duration.ofMinutes(5));

    assertThat(wasFiring).isTrue();
    assertThat(s.escalations().escalations()).isEmpty();
    assertThat(escalationStore.loadAll()).isEmpty();
    assertThat(team.requests).hasSize(2);
    assertThat(team.requests.get(1).body()).contains("\"status\":\"resolved\"");
    advance(s, Duration.ofMinutes(30));
    assertThat(oncall.requests).isEmpty();
  }

  @Test
  void escalationSurvivesARestartAndSendsStepsThatFellDueMeanwhile() {
    Side first = start();
    first.alerting().send(List.of(Alerts.firing(T0, CRITICAL)));
    advance(first, Duration.ofSeconds(30));
    first.alerting().close();

    clock.advance(Duration.ofMinutes(20)); // down for 20 minutes
    Side second = start();
    second.escalations().runDue();
    second.alerting().runDue();

    assertThat(oncall.requests).hasSize(1);
    assertThat(manager.requests).hasSize(1);
    assertThat(escalationStore.loadAll()).singleElement().satisfies(e -> assertThat(e.nextStep()).isEqualTo(2));
  }

  @Test
  void policiesAreValidated() {
    assertThatThrownBy(() -> new EscalationPolicy("p", List.of())).hasMessageContaining("no steps");
    assertThatThrownBy(() -> new EscalationPolicy("p", List.of(new EscalationPolicy.Step(Duration.ofMinutes(15), List.of("a")),
        new EscalationPolicy.Step(Duration.ofMinutes(5), List.of("b"))))).hasMessageContaining("in order");
    RouteConfig root = RouteConfig.builder().receiver("team").escalation("nope").build();
    assertThatThrownBy(() -> new NotificationsConfig(Duration.ofMinutes(5), root, List.of(ReceiverConfig.of("team", hook(team))),
        List.of(), TimeIntervals.NONE, "", List.of(), HistoryOptions.DEFAULTS)).hasMessageContaining("undefined escalation policy \"nope\"");
    assertThatThrownBy(() -> new NotificationsConfig(Duration.ofMinutes(5), RouteConfig.root("team"),
        List.of(ReceiverConfig.of("team", hook(team))), List.of(), TimeIntervals.NONE, "", List.of(seedsPolicy()),
        HistoryOptions.DEFAULTS))
        .hasMessageContaining("undefined receiver \"oncall\" used in escalation policy");
  }
}

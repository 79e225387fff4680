package io.watchkeeper.alerting.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.Alerts;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.CapturingStage;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final AlertStore store = new AlertStore(clock, new AlertMarker());
  private final AlertingMetrics metrics = new AlertingMetrics(new PrometheusRegistry());
  private final AlertIntake intake = new AlertIntake(store, clock, Duration.ofMinutes(5), metrics);
  private final CapturingStage stage = new CapturingStage();
  private Dispatcher dispatcher;

  private void start(RouteConfig root) {
    dispatcher = new Dispatcher(Route.tree(root), store, stage, clock, metrics);
    dispatcher.startWithoutTimer();
  }

  private static RouteConfig.Builder timers() {
    return RouteConfig.builder().receiver("team").groupBy("alertname").groupWait(Duration.ofSeconds(30))
        .groupInterval(Duration.ofMinutes(5)).repeatInterval(Duration.ofHours(4));
  }

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private void advance(Duration d) {
    clock.advance(d);
    dispatcher.flushDue();
  }

  @Test
  void newGroupWaitsGroupWaitThenFlushesEveryGroupInterval() {
    start(timers().build());
    intake.accept(List.of(Alerts.firing(T0, "alertname", "A", "instance", "1")));

    advance(Duration.ofSeconds(29));
    assertThat(stage.calls).isEmpty();
    intake.accept(List.of(Alerts.firing(T0, "alertname", "A", "instance", "2")));
    advance(Duration.ofSeconds(1));
    assertThat(stage.calls).hasSize(1);
    CapturingStage.Call first = stage.last();
    assertThat(first.alerts()).extracting(a -> a.labels().get("instance")).containsExactly("1", "2");
    assertThat(first.ctx().groupKey()).isEqualTo("{}:{alertname=\"A\"}");
    assertThat((Object) first.ctx().groupLabels()).isEqualTo(Labels.of("alertname", "A"));
    assertThat(first.ctx().receiver()).isEqualTo("team");
    assertThat(first.ctx().repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(first.alerts()).allMatch(a -> a.endsAt().equals(TrackedAlert.ZERO_TIME));

    // A new alert after the first flush waits for the group interval.
    intake.accept(List.of(Alerts.firing(clock.instant(), "alertname", "A", "instance", "3")));
    advance(Duration.ofMinutes(4));
    assertThat(stage.calls).hasSize(1);
    advance(Duration.ofMinutes(1));
    assertThat(stage.calls).hasSize(2);
    assertThat(stage.last().alerts()).hasSize(3);
  }

  @Test
  void alertOlderThanGroupWaitFlushesAtOnce() {
    start(timers().build());
    intake.accept(List.of(Alerts.firing(T0.minusSeconds(60), "alertname", "Old")));

    dispatcher.flushDue();

    assertThat(stage.calls).hasSize(1);
    assertThat(stage.last().ctx().now()).isEqualTo(T0);
  }

  @Test
  void alertsAreGroupedByTheGroupByLabelsPerRoute() {
    start(timers().groupWait(Duration.ZERO).build());
    List<Alert> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(Alerts.firing(T0, "alertname", i % 2 == 0 ? "Even" : "Odd", "instance", "i" + i));
    }
    intake.accept(batch);

    dispatcher.flushDue();

    assertThat(stage.calls).hasSize(2);
    assertThat(stage.calls).extracting(c -> c.alerts().size()).containsOnly(5);
    assertThat(dispatcher.groupCount()).isEqualTo(2);
  }

  @Test
  void resolvedAlertLeavesTheGroupAfterItsNotificationAndEmptyGroupsAreRemoved() {
    start(timers().build());
    intake.accept(List.of(Alerts.firing(T0, "alertname", "A")));
    advance(Duration.ofSeconds(30));
    intake.accept(List.of(Alerts.of(T0, clock.instant(), "alertname", "A")));

    advance(Duration.ofMinutes(5));

    assertThat(stage.calls).hasSize(2);
    TrackedAlert resolved = stage.last().alerts().get(0);
    assertThat(resolved.isResolvedAt(clock.instant())).isTrue();
    assertThat(resolved.endsAt()).isEqualTo(T0.plusSeconds(30));
    advance(Duration.ofMinutes(5));
    assertThat(stage.calls).hasSize(2);
    advance(Dispatcher.MAINTENANCE_INTERVAL);
    assertThat(dispatcher.groupCount()).isZero();
  }

  @Test
  void failedPipelineKeepsResolvedAlertsForTheNextFlush() {
    start(timers().build());
    intake.accept(List.of(Alerts.of(T0, T0.plusSeconds(10), "alertname", "A")));
    stage.fail.set(true);
    advance(Duration.ofSeconds(30));
    stage.fail.set(false);
    advance(Duration.ofMinutes(5));

    assertThat(stage.calls).hasSize(2);
    assertThat(stage.last().alerts()).hasSize(1);
  }

  @Test
  void continueRoutesFlushOneGroupPerRoute() {
    start(RouteConfig.builder().receiver("default").groupWait(Duration.ZERO).routes(
        RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("pager").continueMatching(true).build(),
        RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=~\".+\"")).receiver("chat").build()).build());
    intake.accept(List.of(Alerts.firing(T0, "alertname", "A", "severity", "critical")));

    dispatcher.flushDue();

    assertThat(stage.calls).extracting(c -> c.ctx().receiver()).containsExactlyInAnyOrder("pager", "chat");
    assertThat(dispatcher.groups(r -> true, (a, now) -> true)).extracting(AlertGroup::receiver)
        .containsExactlyInAnyOrder("pager", "chat");
  }

  @Test
  void alertsStoredBeforeStartAreGrouped() {
    intake.accept(List.of(Alerts.firing(T0.minusSeconds(600), "alertname", "Before")));
    start(timers().build());

    dispatcher.flushDue();

    assertThat(stage.calls).hasSize(1);
  }

  @Test
  void aFloodOfAHundredThousandAlertsIsOneNotification() {
    start(timers().build());
    List<Alert> flood = new ArrayList<>(100_000);
    for (int i = 0; i < 100_000; i++) {
      flood.add(Alerts.firing(T0, "alertname", "InstanceDown", "instance", "host-" + i));
    }
    intake.accept(flood);

    advance(Duration.ofSeconds(30));

    assertThat(stage.calls).hasSize(1);
    assertThat(stage.last().alerts()).hasSize(100_000);
    assertThat(dispatcher.groupCount()).isEqualTo(1);
  }

  @Test
  void timerThreadFlushesWithARealClock() throws Exception {
    dispatcher = new Dispatcher(Route.tree(timers().groupWait(Duration.ZERO).build()), store, stage,
        java.time.InstantSource.system(), metrics);
    dispatcher.start();
    AlertIntake live = new AlertIntake(store, java.time.InstantSource.system(), Duration.ofMinutes(5), metrics);
    live.accept(List.of(Alerts.firing(TrackedAlert.ZERO_TIME, "alertname", "Live")));

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !stage.calls.isEmpty());
    assertThat(stage.last().alerts()).extracting(TrackedAlert::name).containsExactly("Live");
  }
}

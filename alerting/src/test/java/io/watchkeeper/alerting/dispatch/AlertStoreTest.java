package io.watchkeeper.alerting.dispatch;

import static io.watchkeeper.alerting.alert.Alerts.tracked;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.Alerts;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStoreTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final AlertStore store = new AlertStore(clock, new AlertMarker());
  private final AlertIntake intake = new AlertIntake(store, clock, AlertIntake.DEFAULT_RESOLVE_TIMEOUT,
      new AlertingMetrics(new PrometheusRegistry()));

  @Test
  void reSentAlertKeepsTheEarliestStartAndTakesTheNewAnnotations() {
    store.put(List.of(tracked(T0, T0.plusSeconds(300), T0, true, "alertname", "A")));
    Alert again = new Alert(Labels.of("alertname", "A"), Labels.of("summary", "new"), T0.plusSeconds(60),
        T0.plusSeconds(400), "");
    store.put(List.of(new TrackedAlert(again, T0.plusSeconds(60), true)));

    TrackedAlert a = store.list().get(0);
    assertThat(a.startsAt()).isEqualTo(T0);
    assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(400));
    assertThat((Object) a.annotations()).isEqualTo(Labels.of("summary", "new"));
  }

  @Test
  void laterExplicitEndOfAnOlderAlertWinsOverATimeout() {
    store.put(List.of(tracked(T0, T0.plusSeconds(600), T0, false, "alertname", "A")));
    store.put(List.of(tracked(T0.plusSeconds(10), T0.plusSeconds(310), T0.plusSeconds(10), true, "alertname", "A")));

    assertThat(store.list().get(0).endsAt()).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void olderTimeoutEndDoesNotOverrideAYoungerEnd() {
    store.put(List.of(tracked(T0, T0.plusSeconds(600), T0, true, "alertname", "A")));
    store.put(List.of(tracked(T0.plusSeconds(10), T0.plusSeconds(310), T0.plusSeconds(10), false, "alertname", "A")));

    assertThat(store.list().get(0).endsAt()).isEqualTo(T0.plusSeconds(310));
  }

  @Test
  void alertOutsideTheStoredRangeReplacesIt() {
    store.put(List.of(tracked(T0, T0.plusSeconds(60), T0, false, "alertname", "A")));
    store.put(List.of(tracked(T0.plusSeconds(120), T0.plusSeconds(180), T0.plusSeconds(120), false, "alertname", "A")));

    assertThat(store.list().get(0).startsAt()).isEqualTo(T0.plusSeconds(120));
  }

  @Test
  void intakeFillsStartAndResolveTimeoutLikeTheApi() {
    List<String> errors = intake.accept(List.of(Alerts.firing(TrackedAlert.ZERO_TIME, "alertname", "A")));

    assertThat(errors).isEmpty();
    TrackedAlert a = store.list().get(0);
    assertThat(a.startsAt()).isEqualTo(T0);
    assertThat(a.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(a.timeout()).isTrue();
    assertThat(a.updatedAt()).isEqualTo(T0);
    clock.advance(Duration.ofMinutes(5));
    assertThat(a.isResolvedAt(clock.instant())).isTrue();
  }

  @Test
  void intakeUsesEndsAtAsStartWhenOnlyTheEndIsGiven() {
    intake.accept(List.of(Alerts.of(TrackedAlert.ZERO_TIME, T0.minusSeconds(5), "alertname", "A")));

    TrackedAlert a = store.list().get(0);
    assertThat(a.startsAt()).isEqualTo(T0.minusSeconds(5));
    assertThat(a.isResolvedAt(T0)).isTrue();
    assertThat(a.timeout()).isFalse();
  }

  @Test
  void intakeStoresTheValidAndReportsTheInvalidWithAlertmanagersMessages() {
    List<String> errors = intake.accept(List.of(
        Alerts.of(T0, T0.minusSeconds(1), "alertname", "A"),
        new Alert(Labels.EMPTY, Labels.EMPTY, T0, TrackedAlert.ZERO_TIME, ""),
        Alerts.firing(T0, "1bad", "x"),
        Alerts.firing(T0, "alertname", "Good")));

    assertThat(errors).containsExactly("start time must be before end time", "at least one label pair required",
        "invalid label set: invalid name \"1bad\"");
    assertThat(store.list()).extracting(TrackedAlert::name).containsExactly("Good");
  }

  @Test
  void listenersSeeTheSnapshotThenEveryStoredAlertAndResolvedAlertsAreCollected() {
    store.put(List.of(tracked(T0, T0.plusSeconds(60), T0, false, "alertname", "Old")));
    List<String> seen = new ArrayList<>();
    List<TrackedAlert> snapshot = store.subscribe(a -> seen.add(a.name()));
    store.put(List.of(tracked(T0, T0.plusSeconds(600), T0, false, "alertname", "New")));

    assertThat(snapshot).extracting(TrackedAlert::name).containsExactly("Old");
    assertThat(seen).containsExactly("New");
    assertThat(store.collectResolved(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(store.list()).extracting(TrackedAlert::name).containsExactly("New");
  }
}

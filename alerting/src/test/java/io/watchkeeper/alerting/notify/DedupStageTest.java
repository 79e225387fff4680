package io.watchkeeper.alerting.notify;

import static io.watchkeeper.alerting.alert.Alerts.tracked;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DedupStageTest {
  private static final Instant NOW = Instant.parse("2024-03-01T10:00:00Z");
  private static final TrackedAlert FIRING_A = tracked(NOW.minusSeconds(60), TrackedAlert.ZERO_TIME, NOW, false, "alertname", "A");
  private static final TrackedAlert FIRING_B = tracked(NOW.minusSeconds(60), TrackedAlert.ZERO_TIME, NOW, false, "alertname", "B");
  private static final TrackedAlert RESOLVED_A = tracked(NOW.minusSeconds(60), NOW.minusSeconds(1), NOW, false, "alertname", "A");

  private static NflogEntry logged(Set<Long> firing, Set<Long> resolved, Instant at) {
    return new NflogEntry("g", "r/webhook/0", firing, resolved, at, at.plusSeconds(86400));
  }

  static Stream<Arguments> cases() {
    long a = FIRING_A.fingerprint();
    long b = FIRING_B.fingerprint();
    Instant recent = NOW.minusSeconds(60);
    return Stream.of(
        Arguments.of("first notification with firing alerts", null, List.of(FIRING_A), true, true),
        Arguments.of("first notification with only resolved alerts", null, List.of(RESOLVED_A), true, false),
        Arguments.of("a new alert fires", logged(Set.of(a), Set.of(), recent), List.of(FIRING_A, FIRING_B), true, true),
        Arguments.of("nothing changed", logged(Set.of(a, b), Set.of(), recent), List.of(FIRING_A, FIRING_B), true, false),
        Arguments.of("one of two stopped firing, no send_resolved", logged(Set.of(a, b), Set.of(), recent), List.of(FIRING_B), false, false),
        Arguments.of("resolved with send_resolved", logged(Set.of(a, b), Set.of(), recent), List.of(RESOLVED_A, FIRING_B), true, true),
        Arguments.of("all resolved is sent even without send_resolved", logged(Set.of(a), Set.of(), recent), List.of(RESOLVED_A), false, true),
        Arguments.of("resolved already notified", logged(Set.of(), Set.of(a), recent), List.of(RESOLVED_A), true, false),
        Arguments.of("repeat interval passed", logged(Set.of(a), Set.of(), NOW.minus(Duration.ofHours(5))), List.of(FIRING_A), true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void needsUpdateAsAlertmanager(String name, NflogEntry last, List<TrackedAlert> alerts, boolean sendResolved, boolean sent) {
    InMemoryNotificationLog nflog = new InMemoryNotificationLog();
    if (last != null) {
      nflog.log(last);
    }
    Integration in = new Integration("r", "webhook", 0, n -> {}, sendResolved, Optional.empty());
    NotifyContext ctx = new NotifyContext(NOW, "g", Labels.EMPTY, "r", Duration.ofHours(4), List.of(), List.of(), "{}");

    List<TrackedAlert> out = new DedupStage(in, nflog).exec(ctx, alerts);

    assertThat(!out.isEmpty()).isEqualTo(sent);
  }
}

package io.watchkeeper.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.ManualClock;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilencesTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final InMemorySilenceStore store = new InMemorySilenceStore();
  private final AlertMarker marker = new AlertMarker();
  private final Silences silences =
      Silences.load(store, clock, marker, Duration.ofDays(5), new AlertingMetrics(new PrometheusRegistry()));

  private static Silence draft(String id, String matchers, Instant start, Instant end) {
    return new Silence(id, AlertMatchers.parseAll(matchers), start, end, T0, "alice", "deploying the API");
  }

  @Test
  void activeSilenceMutesMatchingAlertsAndMarksThem() throws Exception {
    String id = silences.set(draft("", "alertname=\"HighLatency\"", T0, T0.plusSeconds(3600)));
    Labels alert = Labels.of("alertname", "HighLatency", "instance", "a");

    assertThat(silences.mutes(alert, T0.plusSeconds(10))).isTrue();
    assertThat(marker.status(Fingerprint.of(alert)).silencedBy()).containsExactly(id);
    assertThat(marker.status(Fingerprint.of(alert)).state()).isEqualTo(AlertMarker.State.SUPPRESSED);
    assertThat(silences.mutes(Labels.of("alertname", "Other"), T0)).isFalse();
    assertThat(silences.mutes(alert, T0.plusSeconds(3600))).isFalse();
    assertThat(marker.status(Fingerprint.of(alert)).state()).isEqualTo(AlertMarker.State.ACTIVE);
  }

  @Test
  void pendingSilenceDoesNotMuteYetAndStartInThePastBecomesNow() throws Exception {
    String pending = silences.set(draft("", "a=\"1\"", T0.plusSeconds(60), T0.plusSeconds(120)));
    String past = silences.set(draft("", "a=\"2\"", T0.minusSeconds(600), T0.plusSeconds(120)));

    assertThat(silences.get(pending).orElseThrow().state(T0)).isEqualTo(SilenceState.PENDING);
    assertThat(silences.mutes(Labels.of("a", "1"), T0)).isFalse();
    assertThat(silences.get(past).orElseThrow().startsAt()).isEqualTo(T0);
  }

  @Test
  void updateKeepsTheIdWhenAllowedAndReplacesTheSilenceOtherwise() throws Exception {
    String id = silences.set(draft("", "a=\"1\"", T0, T0.plusSeconds(3600)));
    clock.advance(Duration.ofMinutes(1));

    String same = silences.set(draft(id, "a=\"1\"", T0, T0.plusSeconds(7200)));
    assertThat(same).isEqualTo(id);
    assertThat(silences.get(id).orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(7200));

    String replaced = silences.set(draft(id, "a=\"2\"", T0, T0.plusSeconds(7200)));
    assertThat(replaced).isNotEqualTo(id);
    assertThat(silences.get(id).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.EXPIRED);
    assertThat(silences.get(replaced).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.ACTIVE);
  }

  @Test
  void expireEndsNowAndKeepsTheSilenceAsHistoryUntilRetention() throws Exception {
    String id = silences.set(draft("", "a=\"1\"", T0, T0.plusSeconds(3600)));
    clock.advance(Duration.ofMinutes(10));
    silences.expire(id);

    Silence s = silences.get(id).orElseThrow();
    assertThat(s.endsAt()).isEqualTo(clock.instant());
    assertThat(s.state(clock.instant())).isEqualTo(SilenceState.EXPIRED);
    assertThat(store.loadAll()).extracting(Silence::id).containsExactly(id);
    assertThatThrownBy(() -> silences.expire(id)).hasMessage("silence " + id + " already expired");
    assertThatThrownBy(() -> silences.expire("nope")).isInstanceOf(SilenceNotFoundException.class);

    clock.advance(Duration.ofDays(5).plusSeconds(1));
    assertThat(silences.gc()).isEqualTo(1);
    assertThat(store.loadAll()).isEmpty();
  }

  @Test
  void silencesSurviveARestartThroughTheStore() throws Exception {
    String id = silences.set(draft("", "a=\"1\"", T0, T0.plusSeconds(3600)));

    Silences reloaded = Silences.load(store, clock, marker, Duration.ofDays(5), new AlertingMetrics(new PrometheusRegistry()));

    assertThat(reloaded.get(id)).isPresent();
    assertThat(reloaded.mutes(Labels.of("a", "1"), T0)).isTrue();
  }

  @Test
  void rejectsInvalidSilencesWithAlertmanagersMessages() {
    assertThatThrownBy(() -> silences.set(draft("", "a=~\".*\"", T0, T0.plusSeconds(1))))
        .hasMessage("at least one matcher must not match the empty string");
    assertThatThrownBy(() -> silences.set(draft("", "a=\"1\"", T0, T0.minusSeconds(1))))
        .hasMessage("end time must not be before start time");
    assertThatThrownBy(() -> silences.set(new Silence("", AlertMatchers.parseAll("a=\"1\""), T0, T0.plusSeconds(1), T0, "bob", " ")))
        .hasMessageStartingWith("comment is required");
    assertThatThrownBy(() -> silences.set(draft("unknown-id", "a=\"1\"", T0, T0.plusSeconds(1))))
        .isInstanceOf(SilenceNotFoundException.class);
  }
}

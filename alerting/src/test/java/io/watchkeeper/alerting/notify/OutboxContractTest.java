package io.watchkeeper.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link Outbox} must do; each implementation's test extends this. */
public abstract class OutboxContractTest {
  protected abstract Outbox outbox();

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  static Notification notification(String group, int alerts) {
    List<NotifiedAlert> list = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      list.add(new NotifiedAlert(i % 2 == 0, Labels.of("alertname", "A", "instance", "host-" + i), Labels.of("summary", "s\u00e9"),
          T0, i % 2 == 0 ? T0.plusSeconds(9) : TrackedAlert.ZERO_TIME, "http://x/g?" + i, i));
    }
    return new Notification("team", group, Labels.of("alertname", "A"), list, "http://wk");
  }

  static OutboxEntry entry(String integration, String group, Instant next) {
    return new OutboxEntry(0, integration, group, notification(group, 3), Set.of(1L, 3L), Set.of(2L), Duration.ofHours(4), T0, 0,
        next, "");
  }

  @Test
  void putStoresTheWholeEntryAndDueReturnsItOldestFirst() {
    Outbox o = outbox();
    OutboxEntry b = o.put(entry("team/webhook/0", "g2", T0.plusSeconds(1)));
    OutboxEntry a = o.put(entry("team/webhook/0", "g1", T0));
    o.put(entry("team/webhook/0", "g3", T0.plusSeconds(60)));
    o.put(entry("other/webhook/0", "g1", T0));

    List<OutboxEntry> due = o.due("team/webhook/0", T0.plusSeconds(1), 10);

    assertThat(due).extracting(OutboxEntry::groupKey).containsExactly("g1", "g2");
    assertThat(due.get(0)).isEqualTo(a);
    assertThat(due.get(1).notification()).isEqualTo(notification("g2", 3));
    assertThat(b.id()).isPositive().isNotEqualTo(a.id());
    assertThat(o.due("team/webhook/0", T0.plusSeconds(1), 1)).hasSize(1);
    assertThat(o.integrationKeys()).containsExactlyInAnyOrder("team/webhook/0", "other/webhook/0");
    assertThat(o.size()).isEqualTo(4);
  }

  @Test
  void putReplacesTheWaitingEntryOfTheSameGroup() {
    Outbox o = outbox();
    OutboxEntry first = o.put(entry("team/webhook/0", "g1", T0));
    OutboxEntry second = o.put(entry("team/webhook/0", "g1", T0.plusSeconds(5)));

    assertThat(o.size()).isEqualTo(1);
    assertThat(o.remove(first.id())).isFalse();
    assertThat(o.nextAttemptAt("team/webhook/0")).contains(T0.plusSeconds(5));
    assertThat(o.remove(second.id())).isTrue();
    assertThat(o.nextAttemptAt("team/webhook/0")).isEmpty();
  }

  @Test
  void rescheduleRecordsTheAttempt() {
    Outbox o = outbox();
    OutboxEntry e = o.put(entry("team/webhook/0", "g1", T0));

    o.reschedule(e.id(), 3, T0.plusSeconds(8), "HTTP 503");

    assertThat(o.due("team/webhook/0", T0.plusSeconds(7), 10)).isEmpty();
    OutboxEntry again = o.due("team/webhook/0", T0.plusSeconds(8), 10).get(0);
    assertThat(again.attempts()).isEqualTo(3);
    assertThat(again.lastError()).isEqualTo("HTTP 503");
  }

  @Test
  void holdsANotificationOfAHundredThousandAlerts() {
    Outbox o = outbox();
    OutboxEntry big = new OutboxEntry(0, "team/webhook/0", "flood", notification("flood", 100_000), Set.of(), Set.of(),
        Duration.ofHours(4), T0, 0, T0, "");
    o.put(big);

    assertThat(o.due("team/webhook/0", T0, 1).get(0).notification().alerts()).hasSize(100_000);
  }
}

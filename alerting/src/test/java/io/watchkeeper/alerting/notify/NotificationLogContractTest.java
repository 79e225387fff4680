package io.watchkeeper.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link NotificationLog} must do; each implementation's test extends this. */
public abstract class NotificationLogContractTest {
  protected abstract NotificationLog log();

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  @Test
  void logReplacesTheEntryOfTheSameGroupAndReceiver() {
    NotificationLog l = log();
    String longKey = "{}/{team=\"db\"}:{" + "x".repeat(5000) + "=\"y\"}";
    l.log(new NflogEntry(longKey, "team/webhook/0", Set.of(1L, -5L), Set.of(), T0, T0.plusSeconds(60)));
    l.log(new NflogEntry(longKey, "team/webhook/0", Set.of(Long.MIN_VALUE), Set.of(1L), T0.plusSeconds(5), T0.plusSeconds(65)));
    l.log(new NflogEntry(longKey, "team/webhook/1", Set.of(), Set.of(), T0, T0.plusSeconds(60)));

    NflogEntry e = l.query("team/webhook/0", longKey).orElseThrow();
    assertThat(e.firing()).containsExactly(Long.MIN_VALUE);
    assertThat(e.resolved()).containsExactly(1L);
    assertThat(e.timestamp()).isEqualTo(T0.plusSeconds(5));
    assertThat(l.size()).isEqualTo(2);
    assertThat(l.query("team/webhook/0", "other")).isEmpty();
  }

  @Test
  void gcDropsExpiredEntriesAndLastNotifiedIsTheLatest() {
    NotificationLog l = log();
    l.log(new NflogEntry("g1", "r/webhook/0", Set.of(1L), Set.of(), T0, T0.plusSeconds(60)));
    l.log(new NflogEntry("g2", "r/webhook/0", Set.of(1L), Set.of(), T0.plusSeconds(30), T0.plusSeconds(600)));

    assertThat(l.lastNotified("r/webhook/0")).contains(T0.plusSeconds(30));
    assertThat(l.lastNotified("other/webhook/0")).isEmpty();
    assertThat(l.gc(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(l.query("r/webhook/0", "g1")).isEmpty();
    assertThat(l.query("r/webhook/0", "g2")).isPresent();
  }
}

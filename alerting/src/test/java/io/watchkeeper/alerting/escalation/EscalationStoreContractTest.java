package io.watchkeeper.alerting.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link EscalationStore} must do; each implementation's test extends this. */
public abstract class EscalationStoreContractTest {
  protected abstract EscalationStore store();

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  static Escalation escalation(String group, int step) {
    Notification n = new Notification("team", group, Labels.of("alertname", "ApiDown"), List.of(new NotifiedAlert(false,
        Labels.of("alertname", "ApiDown", "instance", "a"), Labels.of("summary", "down \u00e9"), T0, TrackedAlert.ZERO_TIME, "http://g", 42L)),
        "http://wk");
    return new Escalation(group, "critical-oncall", T0, step, Escalation.State.OPEN, Set.of(42L, 7L), n, Optional.empty(), "", T0);
  }

  @Test
  void saveReplacesByGroupAndLoadAllReturnsEverything() {
    EscalationStore s = store();
    s.save(escalation("{}/{severity=\"critical\"}:{alertname=\"ApiDown\"}", 0));
    s.save(escalation("g2", 0));
    Escalation acked = escalation("g2", 1).acknowledged("alice", T0.plusSeconds(60));
    s.save(acked);

    assertThat(s.loadAll()).containsExactlyInAnyOrder(escalation("{}/{severity=\"critical\"}:{alertname=\"ApiDown\"}", 0), acked);
  }

  @Test
  void deleteRemovesOneGroup() {
    EscalationStore s = store();
    s.save(escalation("g1", 0));
    s.save(escalation("g2", 0));

    assertThat(s.delete("g1")).isTrue();
    assertThat(s.delete("g1")).isFalse();
    assertThat(s.loadAll()).extracting(Escalation::groupKey).containsExactly("g2");
  }
}

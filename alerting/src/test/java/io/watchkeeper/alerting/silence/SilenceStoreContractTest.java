package io.watchkeeper.alerting.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.AlertMatchers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link SilenceStore} must do; each implementation's test extends this. */
public abstract class SilenceStoreContractTest {
  /** A fresh, empty store. */
  protected abstract SilenceStore store();

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456789Z");

  private static Silence silence(String id, String matchers, String comment) {
    return new Silence(id, AlertMatchers.parseAll(matchers), T0, T0.plusSeconds(3600), T0, "alice", comment);
  }

  @Test
  void savedSilencesLoadBackEqual() {
    SilenceStore s = store();
    Silence a = silence("a", "alertname=\"Disk, full\",team=~\"db|api\",env!=\"dev\",job!~\"x\\\\d\"", "quote \" and\nnewline");
    s.save(a);
    s.save(silence("b", "x=\"1\"", "second"));

    assertThat(s.loadAll()).containsExactlyInAnyOrder(a, silence("b", "x=\"1\"", "second"));
  }

  @Test
  void saveReplacesBySameIdAndDeleteRemoves() {
    SilenceStore s = store();
    s.save(silence("a", "x=\"1\"", "first"));
    s.save(silence("a", "x=\"1\"", "updated"));
    assertThat(s.loadAll()).extracting(Silence::comment).containsExactly("updated");

    s.delete("a");
    s.delete("never-there");
    assertThat(s.loadAll()).isEmpty();
  }
}

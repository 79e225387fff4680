package io.watchkeeper.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.StoreException;
import io.watchkeeper.alerting.silence.Silence;
import io.watchkeeper.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  @Test
  void embeddedDatabaseLivesInTheDataDirectoryAndKeepsDataAcrossReopen() {
    Silence s = new Silence("id-1", AlertMatchers.parseAll("a=\"1\""), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), Instant.EPOCH,
        "alice", "why");
    try (Database db = Database.open(Database.Options.embedded(dir))) {
      new JdbcSilenceStore(db).save(s);
    }
    assertThat(Files.exists(dir.resolve("watchkeeper.mv.db"))).isTrue();

    try (Database reopened = Database.open(Database.Options.embedded(dir))) {
      assertThat(new JdbcSilenceStore(reopened).loadAll()).containsExactly(s);
    }
  }

  @Test
  void aDeferredEmbeddedDatabaseAnswersReadsEmptyWithoutBeingCreatedAndTheFirstWriteCreatesIt() {
    Silence s = new Silence("id-1", AlertMatchers.parseAll("a=\"1\""), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), Instant.EPOCH,
        "alice", "why");
    Path file = dir.resolve("watchkeeper.mv.db");
    try (Database db = Database.embedded(dir)) {
      assertThat(db.exists()).isFalse();
      JdbcSilenceStore silences = new JdbcSilenceStore(db);
      JdbcOutbox outbox = new JdbcOutbox(db);
      JdbcStatusHistory status = new JdbcStatusHistory(db);
      assertThat(silences.loadAll()).isEmpty();
      silences.delete("id-1");
      assertThat(outbox.size()).isZero();
      assertThat(outbox.integrationKeys()).isEmpty();
      assertThat(outbox.remove(7)).isFalse();
      assertThat(new JdbcAlertHistoryStore(db).active()).isEmpty();
      assertThat(new JdbcNotificationLog(db).gc(Instant.EPOCH)).isZero();
      assertThat(new JdbcEscalationStore(db).loadAll()).isEmpty();
      assertThat(status.recent("m", 10)).isEmpty();
      assertThat(status.prune(Instant.EPOCH)).isZero();
      assertThat(file).doesNotExist();
      assertThat(db.exists()).isFalse();

      silences.save(s);
      assertThat(db.exists()).isTrue();
      assertThat(file).exists();
      assertThat(silences.loadAll()).containsExactly(s);
    }
    try (Database reopened = Database.embedded(dir)) {
      assertThat(reopened.exists()).as("an existing database is opened at once").isTrue();
      assertThat(new JdbcSilenceStore(reopened).loadAll()).containsExactly(s);
    }
  }

  @Test
  void aClosedDeferredDatabaseIsNotCreatedByALateWrite() {
    Database db = Database.embedded(dir);
    db.close();
    Silence s = new Silence("id-1", AlertMatchers.parseAll("a=\"1\""), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), Instant.EPOCH,
        "alice", "why");
    assertThatThrownBy(() -> new JdbcSilenceStore(db).save(s))
        .isInstanceOf(StoreException.class).hasMessageContaining("save silence id-1").hasRootCauseMessage("the database is closed");
    assertThat(dir.resolve("watchkeeper.mv.db")).doesNotExist();
  }

  @Test
  void unreachableDatabaseIsAStoreErrorWithoutTheCredentials() {
    assertThatThrownBy(() -> Database.open(new Database.Options("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "u",
        Secret.of("hunter2"), 1)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot connect to the database")
        .hasMessageNotContaining("hunter2");
  }
}

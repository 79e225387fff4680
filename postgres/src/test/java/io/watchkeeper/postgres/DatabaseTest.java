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
      new JdbcSilenceStore(db.dataSource()).save(s);
    }
    assertThat(Files.exists(dir.resolve("watchkeeper.mv.db"))).isTrue();

    try (Database reopened = Database.open(Database.Options.embedded(dir))) {
      assertThat(new JdbcSilenceStore(reopened.dataSource()).loadAll()).containsExactly(s);
    }
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

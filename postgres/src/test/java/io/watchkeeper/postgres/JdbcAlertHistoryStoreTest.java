package io.watchkeeper.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.history.AlertEvent;
import io.watchkeeper.alerting.history.AlertHistoryStore;
import io.watchkeeper.alerting.history.AlertHistoryStoreContractTest;
import io.watchkeeper.alerting.history.AlertRecord;
import io.watchkeeper.alerting.history.EventType;
import io.watchkeeper.model.Labels;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AlertHistoryStore contract on embedded H2 in PostgreSQL mode, migrated by Flyway. */
class JdbcAlertHistoryStoreTest extends AlertHistoryStoreContractTest {
  @TempDir Path dir;
  private final H2Databases databases = new H2Databases();

  @Override
  protected AlertHistoryStore store() {
    return new JdbcAlertHistoryStore(databases.open(dir));
  }

  @AfterEach
  void close() {
    databases.closeAll();
  }

  @Test
  void historySurvivesReopeningTheDatabaseAndKeepsMilliseconds() {
    AlertRecord r;
    try (Database db = Database.open(Database.Options.embedded(dir.resolve("reopen")))) {
      JdbcAlertHistoryStore s = new JdbcAlertHistoryStore(db);
      r = s.open(firing("A", "critical", "x", T0.plusNanos(1_234_567)), new AlertEvent(0, EventType.FIRING, T0, ""));
      assertThat(r.startsAt()).isEqualTo(T0.plusMillis(1));
    }
    try (Database db = Database.open(Database.Options.embedded(dir.resolve("reopen")))) {
      JdbcAlertHistoryStore s = new JdbcAlertHistoryStore(db);
      assertThat(s.get(r.id())).contains(r);
      assertThat(s.active()).containsExactly(r);
    }
  }

  @Test
  void labelsWithTabsNewlinesAndBackslashesRoundTrip() {
    Labels tricky = Labels.of("alertname", "A", "note", "a\tb\nc\\d\\n");
    assertThat((Object) Sql.labels(Sql.labels(tricky))).isEqualTo(tricky);
    assertThat((Object) Sql.labels(Sql.labels(Labels.EMPTY))).isEqualTo(Labels.EMPTY);
  }
}

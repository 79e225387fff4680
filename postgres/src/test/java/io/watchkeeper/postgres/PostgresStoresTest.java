package io.watchkeeper.postgres;

import io.watchkeeper.alerting.escalation.EscalationStore;
import io.watchkeeper.alerting.escalation.EscalationStoreContractTest;
import io.watchkeeper.alerting.history.AlertHistoryStore;
import io.watchkeeper.alerting.history.AlertHistoryStoreContractTest;
import io.watchkeeper.alerting.notify.NotificationLog;
import io.watchkeeper.alerting.notify.NotificationLogContractTest;
import io.watchkeeper.alerting.notify.Outbox;
import io.watchkeeper.alerting.notify.OutboxContractTest;
import io.watchkeeper.alerting.silence.SilenceStore;
import io.watchkeeper.alerting.silence.SilenceStoreContractTest;
import io.watchkeeper.model.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The store contracts on a real PostgreSQL, when {@code -Dwatchkeeper.test.postgres.url=jdbc:postgresql://...}
 * (with {@code .user}) names an empty database: the same migrations as on H2. Tables are dropped
 * after each test.
 */
@EnabledIfSystemProperty(named = "watchkeeper.test.postgres.url", matches = ".+")
class PostgresStoresTest {
  private static Database open() {
    return Database.open(new Database.Options(System.getProperty("watchkeeper.test.postgres.url"),
        System.getProperty("watchkeeper.test.postgres.user", "postgres"), Secret.EMPTY, 2));
  }

  private static void dropAll(Database db) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS silences, nflog, notification_outbox, alert_history_events, alert_history, escalations,"
          + " monitor_status_changes, flyway_schema_history");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    db.close();
  }

  @Nested
  class Silences extends SilenceStoreContractTest {
    private Database db;

    @Override
    protected SilenceStore store() {
      db = open();
      return new JdbcSilenceStore(db.dataSource());
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }

  @Nested
  class Nflog extends NotificationLogContractTest {
    private Database db;

    @Override
    protected NotificationLog log() {
      db = open();
      return new JdbcNotificationLog(db.dataSource());
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }

  @Nested
  class History extends AlertHistoryStoreContractTest {
    private Database db;

    @Override
    protected AlertHistoryStore store() {
      db = open();
      return new JdbcAlertHistoryStore(db.dataSource());
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }

  @Nested
  class Escalations extends EscalationStoreContractTest {
    private Database db;

    @Override
    protected EscalationStore store() {
      db = open();
      return new JdbcEscalationStore(db.dataSource());
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }

  @Nested
  class Outboxes extends OutboxContractTest {
    private Database db;

    @Override
    protected Outbox outbox() {
      db = open();
      return new JdbcOutbox(db.dataSource());
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }
}

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
import io.watchkeeper.probe.testserver.PostgresServer;
import io.watchkeeper.probe.testserver.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store contracts on a real PostgreSQL (started from Debian's postgresql package): each test
 * in a fresh database migrated by Flyway, the same migrations as on H2.
 */
@ExtendWith(RealServers.class)
class PostgresStoresTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer pg;

  @BeforeAll
  static void server(PostgresServer server) {
    pg = server;
  }

  private static Database open() {
    String name = "stores_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Database.open(new Database.Options(pg.jdbcUrl(name), "postgres", Secret.EMPTY, 2));
  }

  private static void dropAll(Database db) {
    db.close();
  }

  @Nested
  class Silences extends SilenceStoreContractTest {
    private Database db;

    @Override
    protected SilenceStore store() {
      db = open();
      return new JdbcSilenceStore(db);
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
      return new JdbcNotificationLog(db);
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
      return new JdbcAlertHistoryStore(db);
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
      return new JdbcEscalationStore(db);
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
      return new JdbcOutbox(db);
    }

    @AfterEach
    void drop() {
      dropAll(db);
    }
  }
}

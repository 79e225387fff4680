package io.watchkeeper.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.Status;
import io.watchkeeper.probe.StatusChange;
import io.watchkeeper.probe.StatusHistory;
import io.watchkeeper.probe.StatusHistoryContractTest;
import io.watchkeeper.probe.StatusHistoryException;
import io.watchkeeper.probe.testserver.PostgresServer;
import io.watchkeeper.probe.testserver.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The status history contract on a real PostgreSQL (started from Debian's postgresql package),
 * each test in a fresh database migrated by Flyway: the same migrations as on H2.
 */
@ExtendWith(RealServers.class)
class JdbcStatusHistoryOnPostgresTest extends StatusHistoryContractTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer pg;
  private Database db;

  @BeforeAll
  static void server(PostgresServer server) {
    pg = server;
  }

  @Override
  protected StatusHistory history() {
    String name = "history_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    db = Database.open(new Database.Options(pg.jdbcUrl(name), "postgres", Secret.EMPTY, 2));
    return new JdbcStatusHistory(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aDatabaseThatWentAwayIsAHistoryError() {
    StatusHistory h = new JdbcStatusHistory(db);
    db.close();

    assertThatThrownBy(() -> h.record(new StatusChange("api", Status.UNKNOWN, Status.HEALTHY, T0, "ok")))
        .isInstanceOf(StatusHistoryException.class).hasMessage("cannot record a status change of monitor api");
    assertThat(pg.port()).isPositive();
  }
}

package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.testserver.PostgresServer;
import io.watchkeeper.probe.testserver.RealServers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL checks against a real PostgreSQL server (Debian's postgresql package). */
@ExtendWith(RealServers.class)
class PostgresProberTest {
  private final Probers probers = new Probers(AddressResolver.SYSTEM, () -> new InetSocketAddress("127.0.0.1", 53),
      "Watchkeeper/test", new SplittableRandom(11));
  private final OneShotCheck checks = new OneShotCheck(probers, InstantSource.system(), System::nanoTime);

  private static MonitorConfig monitor(PostgresSpec spec, Duration timeout) {
    return new MonitorConfig("database", Duration.ofSeconds(30), timeout, 0, 1, 1, LatencyThresholds.defaultFor(MonitorType.POSTGRES),
        Map.of(), spec);
  }

  private static PostgresSpec spec(String url, String query, boolean write, int pool) {
    return new PostgresSpec(url, "postgres", Secret.EMPTY, query, write, PostgresSpec.DEFAULT_WRITE_TABLE, pool);
  }

  @Test
  void connectsAndRunsSelectOne(PostgresServer pg) throws Exception {
    OneShotCheck.Report r = checks.run(monitor(spec(pg.jdbcUrl(), "SELECT 1", false, 0), Duration.ofSeconds(10)));

    assertThat(r.result().verdict()).isIn(Status.HEALTHY, Status.DEGRADED); // a busy machine may pass 200 ms
    assertThat(r.result().message()).startsWith("SELECT 1 in ").contains("(connect ");
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_postgres_duration_seconds")).extracting(s -> s.label("phase"))
        .containsExactly("connect", "query");
    assertThat(r.value("probe_success")).hasValue(1);
  }

  @Test
  void writeTestInsertsAndDeletesInATableItOwns(PostgresServer pg) throws Exception {
    OneShotCheck.Report r = checks.run(monitor(spec(pg.jdbcUrl(), "SELECT 1", true, 0), Duration.ofSeconds(10)));

    assertThat(r.result().verdict()).isNotEqualTo(Status.UNHEALTHY);
    assertThat(r.result().message()).contains(", write test in ");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM watchkeeper_probe")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void aPooledMonitorReportsItsPoolFigures(PostgresServer pg) throws Exception {
    MonitorConfig c = monitor(spec(pg.jdbcUrl(), "SELECT 1", false, 2), Duration.ofSeconds(10));
    try (Prober p = probers.create(c, name -> java.util.Optional.empty())) {
      ProbeSamples first = new ProbeSamples();
      ProbeSamples second = new ProbeSamples();
      ProbeOutcome a = p.probe(new ProbeContext("database", java.time.Instant.now(),
          io.watchkeeper.probe.net.Deadline.after(Duration.ofSeconds(10), System::nanoTime)), first);
      ProbeOutcome b = p.probe(new ProbeContext("database", java.time.Instant.now(),
          io.watchkeeper.probe.net.Deadline.after(Duration.ofSeconds(10), System::nanoTime)), second);

      assertThat(a.failed()).isFalse();
      assertThat(b.failed()).isFalse();
      assertThat(second.samples()).filteredOn(s -> s.name().equals("probe_postgres_pool_connections"))
          .extracting(s -> s.label("state")).containsExactly("active", "idle", "total", "waiting");
      assertThat(second.value("probe_postgres_pool_max_connections")).hasValue(2);
    }
  }

  @Test
  void unknownDatabaseFailsWithPostgresReason(PostgresServer pg) throws Exception {
    OneShotCheck.Report r = checks.run(monitor(spec(pg.jdbcUrl("nodb"), "SELECT 1", false, 0), Duration.ofSeconds(10)));

    assertThat(r.result().message()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + pg.port() + "/nodb: ")
        .contains("\"nodb\"").endsWith("(SQL state 3D000)");
  }

  @Test
  void badQueryAndEmptyResultFail(PostgresServer pg) throws Exception {
    OneShotCheck.Report bad = checks.run(monitor(spec(pg.jdbcUrl(), "SELEC 1", false, 0), Duration.ofSeconds(10)));
    OneShotCheck.Report empty = checks.run(monitor(spec(pg.jdbcUrl(), "SELECT 1 WHERE false", false, 0), Duration.ofSeconds(10)));

    assertThat(bad.result().message()).startsWith("PostgreSQL at 127.0.0.1:" + pg.port() + "/postgres failed: ")
        .endsWith("(SQL state 42601)");
    assertThat(empty.result().message()).isEqualTo("query \"SELECT 1 WHERE false\" returned no rows");
  }

  @Test
  void refusedAndHangingServersFailWithinTheTimeout() throws Exception {
    try (Socket reserved = FaultServer.reservedPort(); FaultServer hang = new FaultServer(FaultServer::hang)) {
      OneShotCheck.Report refused = checks.run(monitor(spec("jdbc:postgresql://127.0.0.1:" + reserved.getLocalPort() + "/db",
          "SELECT 1", false, 0), Duration.ofSeconds(2)));
      OneShotCheck.Report hung = checks.run(monitor(spec("jdbc:postgresql://127.0.0.1:" + hang.port() + "/db", "SELECT 1", false,
          0), Duration.ofSeconds(1)));

      assertThat(refused.result().message()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + reserved.getLocalPort()
          + "/db: ").contains("refused");
      assertThat(hung.result().message()).startsWith("timed out after 1s");
    }
  }
}

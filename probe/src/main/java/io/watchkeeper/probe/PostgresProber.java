package io.watchkeeper.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.watchkeeper.probe.net.Durations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * Runs a {@link PostgresSpec}: connects (or borrows from its pool), runs the query and, with the
 * write test, inserts and deletes a row of its own in one transaction, in a table it creates on
 * first use. Writes {@code probe_postgres_duration_seconds{phase="connect|query|write"}} and, with
 * a pool, {@code probe_postgres_pool_connections{state="active|idle|total|waiting"}}. Messages
 * carry pgjdbc's reason and SQL state, never the password.
 *
 * <p>Thread-safe: one attempt at a time per monitor (the scheduler's contract); the pool is
 * created on first use and closed by {@link #close()} under a lock.
 */
final class PostgresProber implements Prober {
  private static final Driver DRIVER = new Driver();

  private final String monitor;
  private final PostgresSpec spec;
  private final RandomGenerator random;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable HikariDataSource pool; // guarded by lock
  private boolean closed; // guarded by lock
  private volatile boolean tableReady;

  PostgresProber(String monitor, PostgresSpec spec, RandomGenerator random) {
    this.monitor = monitor;
    this.spec = spec;
    this.random = random;
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    String where = where();
    long t0 = context.deadline().nanoTime().getAsLong();
    Connection c;
    try {
      c = connect(context);
    } catch (SQLException e) {
      poolFigures(samples);
      return ProbeOutcome.failed(timedOut(context).orElse("cannot connect to PostgreSQL at " + where + ": " + reason(e)));
    }
    long t1 = context.deadline().nanoTime().getAsLong();
    samples.add("probe_postgres_duration_seconds", (t1 - t0) / 1e9, "phase", "connect");
    try (c) {
      query(c, context);
      long t2 = context.deadline().nanoTime().getAsLong();
      samples.add("probe_postgres_duration_seconds", (t2 - t1) / 1e9, "phase", "query");
      String message = firstWord(spec.query()) + " in " + Durations.formatNanos(t2 - t1);
      if (spec.writeTest()) {
        write(c, context);
        long t3 = context.deadline().nanoTime().getAsLong();
        samples.add("probe_postgres_duration_seconds", (t3 - t2) / 1e9, "phase", "write");
        message += ", write test in " + Durations.formatNanos(t3 - t2);
      }
      poolFigures(samples);
      return ProbeOutcome.healthy(message + " (connect " + Durations.formatNanos(t1 - t0) + ")");
    } catch (SQLException e) {
      poolFigures(samples);
      return ProbeOutcome.failed(timedOut(context).orElse("PostgreSQL at " + where + " failed: " + reason(e)));
    } catch (ProbeFailure e) {
      poolFigures(samples);
      return ProbeOutcome.failed(e.getMessage());
    }
  }

  /** The message for a failure at or past the deadline: pgjdbc's own words there are about sockets. */
  private java.util.Optional<String> timedOut(ProbeContext context) {
    return context.deadline().expired()
        ? java.util.Optional.of("timed out after " + Durations.format(context.deadline().timeout()) + " talking to PostgreSQL at "
            + where())
        : java.util.Optional.empty();
  }

  /** A check that ran but whose result is wrong. */
  private static final class ProbeFailure extends Exception {
    ProbeFailure(String message) {
      super(message, null, false, false);
    }
  }

  private Connection connect(ProbeContext context) throws SQLException {
    int seconds = Math.max(1, (context.deadline().remainingMillis() + 999) / 1000);
    if (spec.poolSize() == 0) {
      Properties p = properties(seconds);
      Connection c = DRIVER.connect(spec.jdbcUrl(), p);
      if (c == null) {
        throw new SQLException("not a PostgreSQL JDBC URL");
      }
      return c;
    }
    return pool(context).getConnection();
  }

  private Properties properties(int seconds) {
    Properties p = new Properties();
    p.setProperty("user", spec.user());
    if (!spec.password().isEmpty()) {
      p.setProperty("password", spec.password().reveal());
    }
    p.setProperty("connectTimeout", Integer.toString(seconds));
    p.setProperty("loginTimeout", Integer.toString(seconds));
    p.setProperty("socketTimeout", Integer.toString(seconds));
    p.setProperty("ApplicationName", "watchkeeper-probe");
    return p;
  }

  private HikariDataSource pool(ProbeContext context) throws SQLException {
    lock.lock();
    try {
      if (closed) {
        throw new SQLException("the monitor was stopped");
      }
      if (pool == null) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(spec.jdbcUrl());
        hc.setDataSourceProperties(properties(Math.max(1, (int) context.deadline().timeout().toSeconds())));
        hc.setMaximumPoolSize(spec.poolSize());
        hc.setMinimumIdle(Math.min(1, spec.poolSize()));
        hc.setConnectionTimeout(Math.max(250, context.deadline().timeout().toMillis()));
        hc.setValidationTimeout(Math.max(250, context.deadline().timeout().toMillis() / 2));
        hc.setInitializationFailTimeout(-1); // a database that is down now must not fail the monitor's creation
        hc.setPoolName("watchkeeper-probe-" + monitor);
        pool = new HikariDataSource(hc);
      }
      return pool;
    } finally {
      lock.unlock();
    }
  }

  private void query(Connection c, ProbeContext context) throws SQLException, ProbeFailure {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(1, (context.deadline().remainingMillis() + 999) / 1000));
      boolean rows = s.execute(spec.query());
      if (rows) {
        try (ResultSet rs = s.getResultSet()) {
          if (!rs.next()) {
            throw new ProbeFailure("query \"" + HttpAssertions.shorten(spec.query()) + "\" returned no rows");
          }
        }
      }
    }
  }

  private void write(Connection c, ProbeContext context) throws SQLException, ProbeFailure {
    int seconds = Math.max(1, (context.deadline().remainingMillis() + 999) / 1000);
    boolean autoCommit = c.getAutoCommit();
    if (!tableReady) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(seconds);
        s.execute("CREATE TABLE IF NOT EXISTS " + spec.writeTable() + " (monitor TEXT NOT NULL, token TEXT NOT NULL,"
            + " written_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (monitor, token))");
      }
      tableReady = true;
    }
    String token = HexFormat.of().toHexDigits(random.nextLong());
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + spec.writeTable() + " (monitor, token) VALUES (?, ?)")) {
        ins.setQueryTimeout(seconds);
        ins.setString(1, monitor);
        ins.setString(2, token);
        ins.executeUpdate();
      }
      int deleted;
      try (PreparedStatement del = c.prepareStatement("DELETE FROM " + spec.writeTable() + " WHERE monitor = ? AND token = ?")) {
        del.setQueryTimeout(seconds);
        del.setString(1, monitor);
        del.setString(2, token);
        deleted = del.executeUpdate();
      }
      if (deleted != 1) {
        c.rollback();
        throw new ProbeFailure("write test: deleting the row just inserted into " + spec.writeTable() + " removed " + deleted
            + " rows");
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private void poolFigures(ProbeSamples samples) {
    HikariDataSource p;
    lock.lock();
    try {
      p = pool;
    } finally {
      lock.unlock();
    }
    if (p == null) {
      return;
    }
    HikariPoolMXBean mx = p.getHikariPoolMXBean();
    if (mx == null) {
      return;
    }
    samples.add("probe_postgres_pool_connections", mx.getActiveConnections(), "state", "active");
    samples.add("probe_postgres_pool_connections", mx.getIdleConnections(), "state", "idle");
    samples.add("probe_postgres_pool_connections", mx.getTotalConnections(), "state", "total");
    samples.add("probe_postgres_pool_connections", mx.getThreadsAwaitingConnection(), "state", "waiting");
    samples.add("probe_postgres_pool_max_connections", spec.poolSize());
  }

  /** host:port/db of the URL, for messages. */
  private String where() {
    String u = spec.jdbcUrl().substring("jdbc:postgresql:".length());
    if (u.startsWith("//")) {
      u = u.substring(2);
    }
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
  }

  private static String reason(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return e.getSQLState() == null ? m : m + " (SQL state " + e.getSQLState() + ")";
  }

  private static String firstWord(String sql) {
    String s = sql.strip();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (pool != null) {
        pool.close();
        pool = null;
      }
    } finally {
      lock.unlock();
    }
  }
}

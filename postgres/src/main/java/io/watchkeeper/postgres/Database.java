package io.watchkeeper.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.watchkeeper.alerting.alert.StoreException;
import io.watchkeeper.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled connection to Watchkeeper's SQL database with its schema migrated: embedded H2 in
 * PostgreSQL mode (a file under the data directory, the default) or PostgreSQL. Opening runs the
 * Flyway migrations; {@link #close()} closes the pool. Thread-safe.
 *
 * <p>The embedded database is created when it is first written ({@link #embedded(Path)}): a server
 * that only scrapes and answers queries never loads the SQL engine, the pool or the migrations
 * (about 1,400 classes and 7-10 MB of resident memory). Until then {@link #exists()} is false and the
 * stores answer reads, updates and deletes from the empty database it would be, without creating it
 * ({@link Sql#ifExists}). A data directory that has the database file opens it at once, as
 * {@link #open(Options)} always does.
 *
 * <pre>{@code
 * try (Database db = Database.embedded(dataDir)) {
 *   SilenceStore silences = new JdbcSilenceStore(db);
 *   ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  static final String MIGRATIONS = "classpath:io/watchkeeper/postgres/migration";
  /** The embedded database's file in the data directory (H2's MVStore adds {@code .mv.db}). */
  static final String EMBEDDED_NAME = "watchkeeper";

  /**
   * Where and how to connect.
   *
   * @param url a JDBC URL: {@code jdbc:postgresql://host/db} or {@code jdbc:h2:...}
   * @param maxPoolSize the most connections open at once
   */
  public record Options(String url, String user, Secret password, int maxPoolSize) {
    public Options {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize must be >= 1, got " + maxPoolSize);
      }
    }

    /** The embedded default: {@code <dataDir>/watchkeeper.mv.db}, H2 in PostgreSQL mode. */
    public static Options embedded(Path dataDir) {
      return new Options(embeddedUrl(dataDir), "sa", Secret.EMPTY, 4);
    }

    /** The JDBC URL of the embedded database under {@code dataDir}. */
    public static String embeddedUrl(Path dataDir) {
      return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(EMBEDDED_NAME)
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
  }

  private final Options options;
  private final Object lock = new Object();
  private volatile @Nullable HikariDataSource pool;
  private boolean closed; // guarded by lock

  private Database(Options options, @Nullable HikariDataSource pool) {
    this.options = options;
    this.pool = pool;
  }

  /**
   * Connects and migrates the schema.
   *
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static Database open(Options options) {
    return new Database(options, connect(options));
  }

  /**
   * The embedded database under {@code dataDir}: opened now if its file is there, else created and
   * migrated by the first write.
   *
   * @throws StoreException if the existing database cannot be opened or migrated
   */
  public static Database embedded(Path dataDir) {
    Options options = Options.embedded(dataDir);
    boolean present = Files.exists(dataDir.resolve(EMBEDDED_NAME + ".mv.db"));
    return new Database(options, present ? connect(options) : null);
  }

  private static HikariDataSource connect(Options options) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(options.url());
    hc.setUsername(options.user());
    hc.setPassword(options.password().reveal());
    hc.setMaximumPoolSize(options.maxPoolSize());
    hc.setPoolName("watchkeeper-db");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to the database " + redacted(options.url()), e);
    }
    try {
      var result = Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
      log.atInfo().addKeyValue("component", "database").addKeyValue("url", redacted(options.url()))
          .addKeyValue("migrations_applied", result.migrationsExecuted).log("database ready");
    } catch (FlywayException e) {
      pool.close();
      throw new StoreException("cannot migrate the database schema of " + redacted(options.url()), e);
    }
    return pool;
  }

  // JDBC URLs may carry passwords as parameters: keep only what comes before them.
  private static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?<redacted>";
  }

  /** Whether the database has been opened or created; only a deferred embedded one can say no. */
  public boolean exists() {
    return pool != null;
  }

  /**
   * A connection from the pool, creating and migrating a deferred database first.
   *
   * @throws SQLException if the database cannot be reached, created or migrated, or is closed
   */
  public Connection connection() throws SQLException {
    HikariDataSource p = pool;
    if (p == null) {
      synchronized (lock) {
        if (closed) {
          throw new SQLException("the database is closed");
        }
        p = pool;
        if (p == null) {
          try {
            p = connect(options);
          } catch (StoreException e) {
            throw new SQLException(e.getMessage(), e);
          }
          pool = p;
        }
      }
    }
    return p.getConnection();
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      HikariDataSource p = pool;
      if (p != null) {
        p.close();
      }
    }
  }
}

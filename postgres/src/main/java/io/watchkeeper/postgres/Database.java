package io.watchkeeper.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.watchkeeper.alerting.alert.StoreException;
import io.watchkeeper.model.Secret;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled connection to Watchkeeper's SQL database with its schema migrated: embedded H2 in
 * PostgreSQL mode (a file under the data directory, the default) or PostgreSQL. Opening runs the
 * Flyway migrations; {@link #close()} closes the pool. Thread-safe.
 *
 * <pre>{@code
 * try (Database db = Database.open(Database.Options.embedded(dataDir))) {
 *   SilenceStore silences = new JdbcSilenceStore(db.dataSource());
 *   ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  static final String MIGRATIONS = "classpath:io/watchkeeper/postgres/migration";

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
      return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("watchkeeper")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
  }

  private final HikariDataSource pool;

  private Database(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects and migrates the schema.
   *
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static Database open(Options options) {
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
    return new Database(pool);
  }

  // JDBC URLs may carry passwords as parameters: keep only what comes before them.
  private static String redacted(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?<redacted>";
  }

  /** The pooled data source the stores use. */
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}

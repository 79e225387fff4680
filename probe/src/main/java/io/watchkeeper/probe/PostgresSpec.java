package io.watchkeeper.probe;

import io.watchkeeper.model.Secret;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PostgreSQL check ({@code type: postgres}): connect, run {@code query} (default {@code SELECT
 * 1}) and, with {@code writeTest}, insert and delete a row in {@code writeTable}, which the probe
 * creates and owns. With {@code poolSize > 0} the monitor keeps a connection pool of that size and
 * reports its figures; otherwise each check opens a fresh connection, so connect time is measured
 * every time.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db?...} without credentials
 */
public record PostgresSpec(String jdbcUrl, String user, Secret password, String query, boolean writeTest, String writeTable,
    int poolSize) implements ProbeSpec {
  /** The table the write test owns. */
  public static final String DEFAULT_WRITE_TABLE = "watchkeeper_probe";
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

  public PostgresSpec {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(writeTable, "writeTable");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("expected a jdbc:postgresql: URL");
    }
    if (query.isBlank()) {
      throw new IllegalArgumentException("query must not be empty");
    }
    if (!TABLE.matcher(writeTable).matches()) {
      throw new IllegalArgumentException("write_table must be a plain (optionally schema-qualified) table name, got \""
          + writeTable + "\"");
    }
    if (poolSize < 0 || poolSize > 100) {
      throw new IllegalArgumentException("pool size must be 0 (no pool) to 100, got " + poolSize);
    }
  }

  @Override
  public MonitorType type() {
    return MonitorType.POSTGRES;
  }

  @Override
  public String toString() {
    return "PostgresSpec[" + jdbcUrl + ", user=" + user + ", writeTest=" + writeTest + ", poolSize=" + poolSize + "]";
  }
}

package io.watchkeeper.postgres;

import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.StoreException;
import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** What the JDBC stores share: transactions, key hashing and column encodings. Stateless. */
final class Sql {
  private Sql() {}

  /** Work in one transaction. */
  @FunctionalInterface
  interface Work<T extends @Nullable Object> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction, committing on success and rolling back on failure (creating
   * a deferred database first).
   */
  static <T extends @Nullable Object> T transaction(Database db, Work<T> work) throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** {@link #transaction}, its failures as {@link StoreException}. */
  static <T extends @Nullable Object> T inTransaction(Database db, String what, Work<T> work) {
    try {
      return transaction(db, work);
    } catch (SQLException e) {
      throw new StoreException("cannot " + what, e);
    }
  }

  /**
   * Runs {@code work} as {@link #inTransaction} does if the database exists; a deferred one not
   * created yet is empty, so a read, update or delete on it answers {@code absent} without creating
   * it (see {@link Database#embedded}).
   */
  static <T extends @Nullable Object> T ifExists(Database db, String what, T absent, Work<T> work) {
    return db.exists() ? inTransaction(db, what, work) : absent;
  }

  /** A fixed-length key for long text: SHA-256 in hex. */
  static String hash(String... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        d.update(p.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("BUG: the JDK has no SHA-256", e);
    }
  }

  static String fingerprints(Set<Long> fps) {
    StringJoiner j = new StringJoiner(",");
    fps.stream().sorted().forEach(fp -> j.add(Fingerprint.format(fp)));
    return j.toString();
  }

  static Set<Long> fingerprints(String s) {
    Set<Long> out = new HashSet<>();
    if (!s.isEmpty()) {
      for (String part : s.split(",")) {
        out.add(Fingerprint.parse(part));
      }
    }
    return out;
  }

  /**
   * A label set as text: one {@code name TAB value} line per label, with backslash, tab and newline
   * escaped as {@code \\}, {@code \t} and {@code \n}. {@link #labels(String)} reads it back.
   */
  static String labels(Labels labels) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < labels.size(); i++) {
      escape(sb, labels.name(i));
      sb.append('\t');
      escape(sb, labels.value(i));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  static Labels labels(String text) {
    Labels.Builder b = Labels.builder();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      b.set(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
    }
    return b.build();
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Milliseconds since the epoch; with {@link #nanosInMilli} the instant round-trips exactly. */
  static long millis(Instant t) {
    return t.toEpochMilli();
  }

  static int nanosInMilli(Instant t) {
    return t.getNano() % 1_000_000;
  }

  static Instant instant(long millis, int nanosInMilli) {
    return Instant.ofEpochMilli(millis).plusNanos(nanosInMilli);
  }
}

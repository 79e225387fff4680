package io.watchkeeper.postgres;

import io.watchkeeper.alerting.notify.NflogEntry;
import io.watchkeeper.alerting.notify.NotificationLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@link NotificationLog} in the {@code nflog} table, keyed by a hash of receiver key and group
 * key. Thread-safe: each call uses its own connection.
 */
public final class JdbcNotificationLog implements NotificationLog {
  private final Database db;

  public JdbcNotificationLog(Database db) {
    this.db = db;
  }

  @Override
  public Optional<NflogEntry> query(String receiverKey, String groupKey) {
    return Sql.ifExists(db, "query the notification log", Optional.<NflogEntry>empty(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT firing, resolved, timestamp_ms, expires_at_ms FROM nflog WHERE entry_key = ?")) {
        ps.setString(1, Sql.hash(receiverKey, groupKey));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new NflogEntry(groupKey, receiverKey, Sql.fingerprints(rs.getString(1)), Sql.fingerprints(rs.getString(2)),
              Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
    });
  }

  @Override
  public void log(NflogEntry e) {
    String key = Sql.hash(e.receiverKey(), e.groupKey());
    Sql.inTransaction(db, "write the notification log", c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM nflog WHERE entry_key = ?")) {
        del.setString(1, key);
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO nflog (entry_key, receiver_key, group_key, firing, resolved,"
          + " timestamp_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, key);
        ins.setString(2, e.receiverKey());
        ins.setString(3, e.groupKey());
        ins.setString(4, Sql.fingerprints(e.firing()));
        ins.setString(5, Sql.fingerprints(e.resolved()));
        ins.setLong(6, e.timestamp().toEpochMilli());
        ins.setLong(7, e.expiresAt().toEpochMilli());
        return ins.executeUpdate();
      }
    });
  }

  @Override
  public int gc(Instant now) {
    return Sql.ifExists(db, "collect expired notification log entries", 0, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM nflog WHERE expires_at_ms <= ?")) {
        ps.setLong(1, now.toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Instant> lastNotified(String receiverKey) {
    return Sql.ifExists(db, "query the notification log", Optional.<Instant>empty(), c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(timestamp_ms) FROM nflog WHERE receiver_key = ?")) {
        ps.setString(1, receiverKey);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long v = rs.getLong(1);
          return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
        }
      }
    });
  }

  @Override
  public long size() {
    return Sql.ifExists(db, "count notification log entries", 0L, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM nflog"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}

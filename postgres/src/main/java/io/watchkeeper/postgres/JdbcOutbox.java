package io.watchkeeper.postgres;

import io.watchkeeper.alerting.notify.NotificationCodec;
import io.watchkeeper.alerting.notify.Outbox;
import io.watchkeeper.alerting.notify.OutboxEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Outbox} in the {@code notification_outbox} table; the notification itself is stored
 * in {@link NotificationCodec}'s binary form. Replacing a waiting entry and inserting the new one
 * happen in one transaction. Thread-safe: each call uses its own connection.
 */
public final class JdbcOutbox implements Outbox {
  private static final String COLUMNS = "id, integration_key, group_key, payload, firing, resolved, repeat_interval_ms,"
      + " created_at_ms, attempts, next_attempt_at_ms, last_error";

  private final Database db;

  public JdbcOutbox(Database db) {
    this.db = db;
  }

  @Override
  public OutboxEntry put(OutboxEntry e) {
    String groupHash = Sql.hash(e.groupKey());
    return Sql.inTransaction(db, "write notification to the outbox", c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM notification_outbox WHERE integration_key = ? AND group_hash = ?")) {
        del.setString(1, e.integrationKey());
        del.setString(2, groupHash);
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO notification_outbox (integration_key, group_hash, group_key,"
          + " payload, firing, resolved, repeat_interval_ms, created_at_ms, attempts, next_attempt_at_ms, last_error)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ins.setString(1, e.integrationKey());
        ins.setString(2, groupHash);
        ins.setString(3, e.groupKey());
        ins.setBytes(4, NotificationCodec.encode(e.notification()));
        ins.setString(5, Sql.fingerprints(e.firing()));
        ins.setString(6, Sql.fingerprints(e.resolved()));
        ins.setLong(7, e.repeatInterval().toMillis());
        ins.setLong(8, e.createdAt().toEpochMilli());
        ins.setInt(9, e.attempts());
        ins.setLong(10, e.nextAttemptAt().toEpochMilli());
        ins.setString(11, e.lastError());
        ins.executeUpdate();
        try (ResultSet keys = ins.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new IllegalStateException("BUG: no generated outbox ID");
          }
          return e.withId(keys.getLong(1));
        }
      }
    });
  }

  @Override
  public List<OutboxEntry> due(String integrationKey, Instant now, int limit) {
    return Sql.ifExists(db, "read due notifications from the outbox", List.<OutboxEntry>of(), c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notification_outbox"
          + " WHERE integration_key = ? AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, id LIMIT ?")) {
        ps.setString(1, integrationKey);
        ps.setLong(2, now.toEpochMilli());
        ps.setInt(3, limit);
        List<OutboxEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), NotificationCodec.decode(rs.getBytes(4)),
                Sql.fingerprints(rs.getString(5)), Sql.fingerprints(rs.getString(6)), Duration.ofMillis(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)), rs.getInt(9), Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<Instant> nextAttemptAt(String integrationKey) {
    return Sql.ifExists(db, "read the outbox", Optional.<Instant>empty(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(next_attempt_at_ms) FROM notification_outbox WHERE integration_key = ?")) {
        ps.setString(1, integrationKey);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long v = rs.getLong(1);
          return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
        }
      }
    });
  }

  @Override
  public void reschedule(long id, int attempts, Instant nextAttemptAt, String lastError) {
    Sql.ifExists(db, "reschedule an outbox notification", null, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE notification_outbox SET attempts = ?, next_attempt_at_ms = ?, last_error = ? WHERE id = ?")) {
        ps.setInt(1, attempts);
        ps.setLong(2, nextAttemptAt.toEpochMilli());
        ps.setString(3, lastError);
        ps.setLong(4, id);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean remove(long id) {
    return Sql.ifExists(db, "remove an outbox notification", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM notification_outbox WHERE id = ?")) {
        ps.setLong(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Set<String> integrationKeys() {
    return Sql.ifExists(db, "read the outbox", Set.<String>of(), c -> {
      Set<String> out = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT integration_key FROM notification_outbox");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public long size() {
    return Sql.ifExists(db, "count the outbox", 0L, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM notification_outbox"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}

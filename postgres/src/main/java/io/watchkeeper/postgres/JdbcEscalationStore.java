package io.watchkeeper.postgres;

import io.watchkeeper.alerting.escalation.Escalation;
import io.watchkeeper.alerting.escalation.EscalationStore;
import io.watchkeeper.alerting.notify.NotificationCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link EscalationStore} in the {@code escalations} table (migration V2), keyed by the group
 * key's hash; the group's latest notification is stored in {@link NotificationCodec}'s form.
 * Replacing is a delete and an insert in one transaction (portable across H2 and PostgreSQL).
 * Thread-safe: each call uses its own connection.
 */
public final class JdbcEscalationStore implements EscalationStore {
  private final Database db;

  public JdbcEscalationStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Escalation e) {
    String hash = Sql.hash(e.groupKey());
    Sql.inTransaction(db, "save an escalation", c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM escalations WHERE group_hash = ?")) {
        del.setString(1, hash);
        del.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO escalations (group_hash, group_key, policy, started_at_ms, next_step,"
          + " state, firing, latest, acknowledged_at_ms, acknowledged_by, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, hash);
        ps.setString(2, e.groupKey());
        ps.setString(3, e.policy());
        ps.setLong(4, e.startedAt().toEpochMilli());
        ps.setInt(5, e.nextStep());
        ps.setString(6, e.state().apiName());
        ps.setString(7, Sql.fingerprints(e.firing()));
        ps.setBytes(8, NotificationCodec.encode(e.latest()));
        if (e.acknowledgedAt().isPresent()) {
          ps.setLong(9, e.acknowledgedAt().get().toEpochMilli());
        } else {
          ps.setNull(9, Types.BIGINT);
        }
        ps.setString(10, e.acknowledgedBy());
        ps.setLong(11, e.updatedAt().toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Escalation> loadAll() {
    return Sql.ifExists(db, "read the escalations", List.<Escalation>of(), c -> {
      List<Escalation> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT group_key, policy, started_at_ms, next_step, state, firing, latest,"
          + " acknowledged_at_ms, acknowledged_by, updated_at_ms FROM escalations ORDER BY started_at_ms, group_key");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long acked = rs.getLong(8);
          Optional<Instant> ackedAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(acked));
          out.add(new Escalation(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getInt(4),
              Escalation.State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)), Sql.fingerprints(rs.getString(6)),
              NotificationCodec.decode(rs.getBytes(7)), ackedAt, rs.getString(9), Instant.ofEpochMilli(rs.getLong(10))));
        }
      }
      return out;
    });
  }

  @Override
  public boolean delete(String groupKey) {
    return Sql.ifExists(db, "delete an escalation", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM escalations WHERE group_hash = ?")) {
        ps.setString(1, Sql.hash(groupKey));
        return ps.executeUpdate() > 0;
      }
    });
  }
}

package io.watchkeeper.postgres;

import io.watchkeeper.probe.Status;
import io.watchkeeper.probe.StatusChange;
import io.watchkeeper.probe.StatusHistory;
import io.watchkeeper.probe.StatusHistoryException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probe {@link StatusHistory} in the {@code monitor_status_changes} table (migration V5), on
 * the embedded H2 database by default or on PostgreSQL. Changes are ordered by time, then by
 * insertion (the identity column). Thread-safe: each call uses its own connection.
 */
public final class JdbcStatusHistory implements StatusHistory {
  private static final String COLUMNS = "monitor, from_status, to_status, at_ms, reason";

  private final Database db;

  public JdbcStatusHistory(Database db) {
    this.db = db;
  }

  @Override
  public void record(StatusChange c) {
    inTransaction("record a status change of monitor " + c.monitor(), conn -> {
      try (PreparedStatement ps = conn.prepareStatement("INSERT INTO monitor_status_changes (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, c.monitor());
        ps.setString(2, c.from().text());
        ps.setString(3, c.to().text());
        ps.setLong(4, c.at().toEpochMilli());
        ps.setString(5, c.reason());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<StatusChange> changes(String monitor, Instant from, Instant to) {
    return ifExists("read status changes of monitor " + monitor, List.of(), conn -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM monitor_status_changes"
          + " WHERE monitor = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms, id")) {
        ps.setString(1, monitor);
        ps.setLong(2, from.toEpochMilli());
        ps.setLong(3, to.toEpochMilli());
        return read(ps);
      }
    });
  }

  @Override
  public Optional<StatusChange> latestAtOrBefore(String monitor, Instant at) {
    return ifExists("read the status of monitor " + monitor, Optional.empty(), conn -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM monitor_status_changes"
          + " WHERE monitor = ? AND at_ms <= ? ORDER BY at_ms DESC, id DESC LIMIT 1")) {
        ps.setString(1, monitor);
        ps.setLong(2, at.toEpochMilli());
        return read(ps).stream().findFirst();
      }
    });
  }

  @Override
  public List<StatusChange> recent(String monitor, int limit) {
    return ifExists("read status changes of monitor " + monitor, List.of(), conn -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM monitor_status_changes"
          + " WHERE monitor = ? ORDER BY at_ms DESC, id DESC LIMIT ?")) {
        ps.setString(1, monitor);
        ps.setInt(2, limit);
        return read(ps);
      }
    });
  }

  @Override
  public int prune(Instant before) {
    long cutoff = before.toEpochMilli();
    return ifExists("prune the status history", 0, conn -> {
      // Keep each monitor's last change before the cutoff: it says what the status was at the cutoff.
      try (PreparedStatement ps = conn.prepareStatement("DELETE FROM monitor_status_changes AS c WHERE c.at_ms < ?"
          + " AND EXISTS (SELECT 1 FROM monitor_status_changes AS n WHERE n.monitor = c.monitor AND n.at_ms < ?"
          + " AND (n.at_ms > c.at_ms OR (n.at_ms = c.at_ms AND n.id > c.id)))")) {
        ps.setLong(1, cutoff);
        ps.setLong(2, cutoff);
        return ps.executeUpdate();
      }
    });
  }

  private static List<StatusChange> read(PreparedStatement ps) throws SQLException {
    List<StatusChange> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new StatusChange(rs.getString(1), Status.parse(rs.getString(2)), Status.parse(rs.getString(3)),
            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
      }
    }
    return out;
  }

  // As Sql.ifExists, with the probe module's exception: a deferred database not created yet is
  // empty (nothing to read or prune).
  private <T> T ifExists(String what, T absent, Sql.Work<T> work) {
    return db.exists() ? inTransaction(what, work) : absent;
  }

  private <T> T inTransaction(String what, Sql.Work<T> work) {
    try {
      return Sql.transaction(db, work);
    } catch (SQLException e) {
      throw new StatusHistoryException("cannot " + what, e);
    }
  }
}

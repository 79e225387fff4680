package io.watchkeeper.postgres;

import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.history.AlertEvent;
import io.watchkeeper.alerting.history.AlertHistoryStore;
import io.watchkeeper.alerting.history.AlertRecord;
import io.watchkeeper.alerting.history.AlertState;
import io.watchkeeper.alerting.history.AlertStats;
import io.watchkeeper.alerting.history.EventType;
import io.watchkeeper.alerting.history.HistoryPage;
import io.watchkeeper.alerting.history.HistoryQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link AlertHistoryStore} in the {@code alert_history} and {@code alert_history_events}
 * tables (migration V2). Times are kept to the millisecond: what is stored is truncated so that
 * what {@link #open} and {@link #append} return is what a later read returns. An event and the
 * update of its alert happen in one transaction. Statistics read the window's alerts and compute
 * with {@link AlertStats#compute}, as the in-memory store does. Thread-safe: each call uses its
 * own connection.
 */
public final class JdbcAlertHistoryStore implements AlertHistoryStore {
  private static final String COLUMNS = "id, fingerprint, name, severity, labels, annotations, state, starts_at_ms, firing_at_ms,"
      + " acknowledged_at_ms, acknowledged_by, resolved_at_ms, resolved_by, notifications, updated_at_ms";
  private static final String NEWEST_FIRST = " ORDER BY starts_at_ms DESC, id DESC";

  private final Database db;

  public JdbcAlertHistoryStore(Database db) {
    this.db = db;
  }

  private static Instant ms(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Optional<Instant> ms(Optional<Instant> t) {
    return t.map(JdbcAlertHistoryStore::ms);
  }

  private static AlertRecord truncated(AlertRecord r) {
    return new AlertRecord(r.id(), r.fingerprint(), r.name(), r.severity(), r.labels(), r.annotations(), r.state(), ms(r.startsAt()),
        ms(r.firingAt()), ms(r.acknowledgedAt()), r.acknowledgedBy(), ms(r.resolvedAt()), r.resolvedBy(), r.notifications(),
        ms(r.updatedAt()));
  }

  @Override
  public AlertRecord open(AlertRecord record, AlertEvent first) {
    AlertRecord r = truncated(record);
    return Sql.inTransaction(db, "record a new alert in the history", c -> {
      long id;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_history (fingerprint, name, severity, labels, annotations,"
          + " state, starts_at_ms, firing_at_ms, acknowledged_at_ms, acknowledged_by, resolved_at_ms, resolved_by, notifications,"
          + " updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, Fingerprint.format(r.fingerprint()));
        ps.setString(2, r.name());
        ps.setString(3, r.severity());
        ps.setString(4, Sql.labels(r.labels()));
        ps.setString(5, Sql.labels(r.annotations()));
        ps.setString(6, r.state().apiName());
        ps.setLong(7, r.startsAt().toEpochMilli());
        setTime(ps, 8, r.firingAt());
        setTime(ps, 9, r.acknowledgedAt());
        ps.setString(10, r.acknowledgedBy());
        setTime(ps, 11, r.resolvedAt());
        ps.setString(12, r.resolvedBy());
        ps.setInt(13, r.notifications());
        ps.setLong(14, r.updatedAt().toEpochMilli());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new IllegalStateException("BUG: no generated alert ID");
          }
          id = keys.getLong(1);
        }
      }
      insertEvent(c, new AlertEvent(id, first.type(), ms(first.at()), first.detail()));
      return r.withId(id);
    });
  }

  private static void setTime(PreparedStatement ps, int i, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) {
      ps.setLong(i, t.get().toEpochMilli());
    } else {
      ps.setNull(i, Types.BIGINT);
    }
  }

  private static void insertEvent(Connection c, AlertEvent e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_history_events (alert_id, type, at_ms, detail) VALUES (?, ?, ?, ?)")) {
      ps.setLong(1, e.alertId());
      ps.setString(2, e.type().apiName());
      ps.setLong(3, e.at().toEpochMilli());
      ps.setString(4, e.detail());
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<AlertRecord> append(AlertEvent event) {
    AlertEvent e = new AlertEvent(event.alertId(), event.type(), ms(event.at()), event.detail());
    return Sql.ifExists(db, "record an alert event in the history", Optional.<AlertRecord>empty(), c -> {
      Optional<AlertRecord> current = select(c, " WHERE id = ? FOR UPDATE", e.alertId()).stream().findFirst();
      if (current.isEmpty()) {
        return Optional.<AlertRecord>empty();
      }
      AlertRecord updated = current.get().apply(e);
      try (PreparedStatement ps = c.prepareStatement("UPDATE alert_history SET state = ?, firing_at_ms = ?, acknowledged_at_ms = ?,"
          + " acknowledged_by = ?, resolved_at_ms = ?, resolved_by = ?, notifications = ?, updated_at_ms = ? WHERE id = ?")) {
        ps.setString(1, updated.state().apiName());
        setTime(ps, 2, updated.firingAt());
        setTime(ps, 3, updated.acknowledgedAt());
        ps.setString(4, updated.acknowledgedBy());
        setTime(ps, 5, updated.resolvedAt());
        ps.setString(6, updated.resolvedBy());
        ps.setInt(7, updated.notifications());
        ps.setLong(8, updated.updatedAt().toEpochMilli());
        ps.setLong(9, updated.id());
        ps.executeUpdate();
      }
      insertEvent(c, e);
      return Optional.of(updated);
    });
  }

  private static List<AlertRecord> select(Connection c, String where, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_history" + where)) {
      bind(ps, params);
      List<AlertRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(record(rs));
        }
      }
      return out;
    }
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      switch (params[i]) {
        case Long l -> ps.setLong(i + 1, l);
        case Integer n -> ps.setInt(i + 1, n);
        case String s -> ps.setString(i + 1, s);
        default -> throw new IllegalStateException("BUG: cannot bind " + params[i].getClass());
      }
    }
  }

  private static AlertRecord record(ResultSet rs) throws SQLException {
    return new AlertRecord(rs.getLong(1), Fingerprint.parse(rs.getString(2)), rs.getString(3), rs.getString(4), Sql.labels(rs.getString(5)),
        Sql.labels(rs.getString(6)), AlertState.ofApiName(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)), time(rs, 9), time(rs, 10),
        rs.getString(11), time(rs, 12), rs.getString(13), rs.getInt(14), Instant.ofEpochMilli(rs.getLong(15)));
  }

  private static Optional<Instant> time(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  @Override
  public Optional<AlertRecord> get(long id) {
    return Sql.ifExists(db, "read the alert history", Optional.<AlertRecord>empty(), c -> select(c, " WHERE id = ?", id).stream().findFirst());
  }

  @Override
  public List<AlertRecord> active() {
    return Sql.ifExists(db, "read the active alerts", List.<AlertRecord>of(), c -> select(c, " WHERE state <> 'resolved'" + NEWEST_FIRST));
  }

  @Override
  public HistoryPage history(HistoryQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    q.to().ifPresent(t -> {
      where.append(" AND starts_at_ms <= ?");
      params.add(t.toEpochMilli());
    });
    q.from().ifPresent(t -> {
      where.append(" AND (resolved_at_ms IS NULL OR resolved_at_ms >= ?)");
      params.add(t.toEpochMilli());
    });
    q.severity().ifPresent(s -> {
      where.append(" AND severity = ?");
      params.add(s);
    });
    q.name().ifPresent(n -> {
      where.append(" AND name = ?");
      params.add(n);
    });
    return Sql.ifExists(db, "read the alert history", new HistoryPage(List.of(), 0, q.page(), q.limit()), c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM alert_history" + where)) {
        bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<Object> paged = new ArrayList<>(params);
      paged.add(q.limit());
      paged.add(q.offset());
      List<AlertRecord> page = select(c, where + NEWEST_FIRST + " LIMIT ? OFFSET ?", paged.toArray());
      return new HistoryPage(page, total, q.page(), q.limit());
    });
  }

  @Override
  public List<AlertEvent> events(long alertId) {
    return Sql.ifExists(db, "read an alert's timeline", List.<AlertEvent>of(), c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT type, at_ms, detail FROM alert_history_events WHERE alert_id = ? ORDER BY id")) {
        ps.setLong(1, alertId);
        List<AlertEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AlertEvent(alertId, EventType.ofApiName(rs.getString(1)), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public AlertStats stats(Instant from, Instant to, int top) {
    List<AlertRecord> window = Sql.ifExists(db, "read alert statistics", List.<AlertRecord>of(),
        c -> select(c, " WHERE starts_at_ms >= ? AND starts_at_ms < ?", from.toEpochMilli(), to.toEpochMilli()));
    return AlertStats.compute(from, to, window, top);
  }

  @Override
  public int deleteResolvedBefore(Instant cutoff) {
    return Sql.ifExists(db, "delete old alert history", 0, c -> {
      try (PreparedStatement ev = c.prepareStatement("DELETE FROM alert_history_events WHERE alert_id IN"
          + " (SELECT id FROM alert_history WHERE resolved_at_ms < ?)")) {
        ev.setLong(1, cutoff.toEpochMilli());
        ev.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_history WHERE resolved_at_ms < ?")) {
        ps.setLong(1, cutoff.toEpochMilli());
        return ps.executeUpdate();
      }
    });
  }
}

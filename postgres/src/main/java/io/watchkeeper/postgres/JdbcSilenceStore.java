package io.watchkeeper.postgres;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.silence.Silence;
import io.watchkeeper.alerting.silence.SilenceStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The {@link SilenceStore} in the {@code silences} table. Thread-safe: each call uses its own connection. */
public final class JdbcSilenceStore implements SilenceStore {
  private final Database db;

  public JdbcSilenceStore(Database db) {
    this.db = db;
  }

  @Override
  public List<Silence> loadAll() {
    return Sql.ifExists(db, "load silences", List.<Silence>of(), c -> {
      List<Silence> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, matchers, starts_at_ms, starts_at_ns, ends_at_ms, ends_at_ns,"
          + " updated_at_ms, updated_at_ns, created_by, comment FROM silences");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Silence(rs.getString(1), AlertMatchers.parseAll(rs.getString(2)), Sql.instant(rs.getLong(3), rs.getInt(4)),
              Sql.instant(rs.getLong(5), rs.getInt(6)), Sql.instant(rs.getLong(7), rs.getInt(8)), rs.getString(9), rs.getString(10)));
        }
      }
      return out;
    });
  }

  @Override
  public void save(Silence s) {
    Sql.inTransaction(db, "save silence " + s.id(), c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM silences WHERE id = ?")) {
        del.setString(1, s.id());
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO silences (id, matchers, starts_at_ms, starts_at_ns, ends_at_ms,"
          + " ends_at_ns, updated_at_ms, updated_at_ns, created_by, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ins.setString(1, s.id());
        ins.setString(2, AlertMatchers.format(s.matchers()));
        ins.setLong(3, Sql.millis(s.startsAt()));
        ins.setInt(4, Sql.nanosInMilli(s.startsAt()));
        ins.setLong(5, Sql.millis(s.endsAt()));
        ins.setInt(6, Sql.nanosInMilli(s.endsAt()));
        ins.setLong(7, Sql.millis(s.updatedAt()));
        ins.setInt(8, Sql.nanosInMilli(s.updatedAt()));
        ins.setString(9, s.createdBy());
        ins.setString(10, s.comment());
        ins.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void delete(String id) {
    Sql.ifExists(db, "delete silence " + id, null, c -> {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM silences WHERE id = ?")) {
        del.setString(1, id);
        return del.executeUpdate();
      }
    });
  }
}

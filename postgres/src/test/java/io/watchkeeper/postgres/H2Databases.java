package io.watchkeeper.postgres;

import io.watchkeeper.model.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Embedded H2 databases in PostgreSQL mode under a temporary directory, closed by {@link #closeAll()}. */
final class H2Databases {
  private final List<Database> open = new ArrayList<>();

  Database open(Path dir) {
    Database db = Database.open(new Database.Options(Database.Options.embeddedUrl(dir), "sa", Secret.EMPTY, 2));
    open.add(db);
    return db;
  }

  void closeAll() {
    open.forEach(Database::close);
    open.clear();
  }
}

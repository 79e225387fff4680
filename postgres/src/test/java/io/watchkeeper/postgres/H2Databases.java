package io.watchkeeper.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedded H2 databases in PostgreSQL mode under a temporary directory, as the server opens them
 * ({@link Database#embedded}: in a fresh directory created by the first write, so the store
 * contracts also cover reads from a database not created yet), closed by {@link #closeAll()}.
 */
final class H2Databases {
  private final List<Database> open = new ArrayList<>();

  Database open(Path dir) {
    Database db = Database.embedded(dir);
    open.add(db);
    return db;
  }

  void closeAll() {
    open.forEach(Database::close);
    open.clear();
  }
}

package io.watchkeeper.postgres;

import io.watchkeeper.probe.StatusHistory;
import io.watchkeeper.probe.StatusHistoryContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The status history contract on the embedded H2 database (PostgreSQL mode). */
class JdbcStatusHistoryTest extends StatusHistoryContractTest {
  @TempDir Path dir;
  private final H2Databases dbs = new H2Databases();

  @Override
  protected StatusHistory history() {
    return new JdbcStatusHistory(dbs.open(dir));
  }

  @AfterEach
  void close() {
    dbs.closeAll();
  }
}

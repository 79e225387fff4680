package io.watchkeeper.postgres;

import io.watchkeeper.alerting.silence.SilenceStore;
import io.watchkeeper.alerting.silence.SilenceStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The SilenceStore contract on embedded H2 in PostgreSQL mode, migrated by Flyway. */
class JdbcSilenceStoreTest extends SilenceStoreContractTest {
  @TempDir Path dir;
  private final H2Databases databases = new H2Databases();

  @Override
  protected SilenceStore store() {
    return new JdbcSilenceStore(databases.open(dir));
  }

  @AfterEach
  void close() {
    databases.closeAll();
  }
}

package io.watchkeeper.postgres;

import io.watchkeeper.alerting.escalation.EscalationStore;
import io.watchkeeper.alerting.escalation.EscalationStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The EscalationStore contract on embedded H2 in PostgreSQL mode, migrated by Flyway. */
class JdbcEscalationStoreTest extends EscalationStoreContractTest {
  @TempDir Path dir;
  private final H2Databases databases = new H2Databases();

  @Override
  protected EscalationStore store() {
    return new JdbcEscalationStore(databases.open(dir));
  }

  @AfterEach
  void close() {
    databases.closeAll();
  }
}

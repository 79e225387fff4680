package io.watchkeeper.postgres;

import io.watchkeeper.alerting.notify.Outbox;
import io.watchkeeper.alerting.notify.OutboxContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The Outbox contract on embedded H2 in PostgreSQL mode, migrated by Flyway. */
class JdbcOutboxTest extends OutboxContractTest {
  @TempDir Path dir;
  private final H2Databases databases = new H2Databases();

  @Override
  protected Outbox outbox() {
    return new JdbcOutbox(databases.open(dir));
  }

  @AfterEach
  void close() {
    databases.closeAll();
  }
}

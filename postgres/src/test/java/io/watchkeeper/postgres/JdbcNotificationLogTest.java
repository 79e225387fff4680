package io.watchkeeper.postgres;

import io.watchkeeper.alerting.notify.NotificationLog;
import io.watchkeeper.alerting.notify.NotificationLogContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The NotificationLog contract on embedded H2 in PostgreSQL mode, migrated by Flyway. */
class JdbcNotificationLogTest extends NotificationLogContractTest {
  @TempDir Path dir;
  private final H2Databases databases = new H2Databases();

  @Override
  protected NotificationLog log() {
    return new JdbcNotificationLog(databases.open(dir));
  }

  @AfterEach
  void close() {
    databases.closeAll();
  }
}

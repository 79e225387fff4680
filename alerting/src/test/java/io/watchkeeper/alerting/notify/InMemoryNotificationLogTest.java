package io.watchkeeper.alerting.notify;

class InMemoryNotificationLogTest extends NotificationLogContractTest {
  @Override
  protected NotificationLog log() {
    return new InMemoryNotificationLog();
  }
}

package io.watchkeeper.alerting.history;

class InMemoryAlertHistoryStoreTest extends AlertHistoryStoreContractTest {
  @Override
  protected AlertHistoryStore store() {
    return new InMemoryAlertHistoryStore();
  }
}

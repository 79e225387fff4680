package io.watchkeeper.alerting.silence;

class InMemorySilenceStoreTest extends SilenceStoreContractTest {
  @Override
  protected SilenceStore store() {
    return new InMemorySilenceStore();
  }
}

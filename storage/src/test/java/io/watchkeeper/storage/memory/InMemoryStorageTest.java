package io.watchkeeper.storage.memory;

import io.watchkeeper.storage.Storage;
import io.watchkeeper.storage.StorageContractTest;

class InMemoryStorageTest extends StorageContractTest {
  @Override
  protected Storage open() {
    return new InMemoryStorage();
  }
}

package io.watchkeeper.probe;

class InMemoryStatusHistoryTest extends StatusHistoryContractTest {
  @Override
  protected StatusHistory history() {
    return new InMemoryStatusHistory();
  }
}

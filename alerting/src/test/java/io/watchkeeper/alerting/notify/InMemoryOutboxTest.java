package io.watchkeeper.alerting.notify;

class InMemoryOutboxTest extends OutboxContractTest {
  @Override
  protected Outbox outbox() {
    return new InMemoryOutbox();
  }
}

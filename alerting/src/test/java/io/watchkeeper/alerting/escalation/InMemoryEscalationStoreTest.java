package io.watchkeeper.alerting.escalation;

class InMemoryEscalationStoreTest extends EscalationStoreContractTest {
  @Override
  protected EscalationStore store() {
    return new InMemoryEscalationStore();
  }
}

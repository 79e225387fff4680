package io.watchkeeper.alerting.escalation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link EscalationStore} in memory, for tests. Thread-safe. */
public final class InMemoryEscalationStore implements EscalationStore {
  private final Map<String, Escalation> byGroup = new ConcurrentHashMap<>();

  @Override
  public void save(Escalation escalation) {
    byGroup.put(escalation.groupKey(), escalation);
  }

  @Override
  public List<Escalation> loadAll() {
    return List.copyOf(byGroup.values());
  }

  @Override
  public boolean delete(String groupKey) {
    return byGroup.remove(groupKey) != null;
  }
}

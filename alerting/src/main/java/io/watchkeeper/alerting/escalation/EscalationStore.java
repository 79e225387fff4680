package io.watchkeeper.alerting.escalation;

import java.util.List;

/**
 * Where escalations are kept so they survive a restart. The embedded and PostgreSQL versions live
 * in the {@code postgres} module; {@link InMemoryEscalationStore} serves tests.
 *
 * <p>Contract: {@link #save} inserts or replaces the escalation of its group key. Thread-safe;
 * failures throw {@link io.watchkeeper.alerting.alert.StoreException}.
 */
public interface EscalationStore {
  /** Stores an escalation, replacing the one of the same group. */
  void save(Escalation escalation);

  /** Every stored escalation. */
  List<Escalation> loadAll();

  /** Deletes the escalation of a group; false if there was none. */
  boolean delete(String groupKey);
}

package io.watchkeeper.alerting.silence;

import java.util.List;

/**
 * Where silences are kept across restarts. The embedded and PostgreSQL versions live in the {@code
 * postgres} module; {@link InMemorySilenceStore} serves tests and setups without a data directory.
 *
 * <p>Contract: {@link #save} inserts or replaces by ID; {@link #loadAll} returns every silence
 * saved and not deleted, expired ones included. Implementations are thread-safe and throw {@link
 * io.watchkeeper.alerting.alert.StoreException} when the storage fails.
 */
public interface SilenceStore {
  /** Every stored silence. */
  List<Silence> loadAll();

  /** Inserts or replaces the silence with this ID. */
  void save(Silence silence);

  /** Deletes the silence with this ID, if stored. */
  void delete(String id);
}

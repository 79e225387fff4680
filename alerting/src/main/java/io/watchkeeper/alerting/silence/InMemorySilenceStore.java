package io.watchkeeper.alerting.silence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SilenceStore} in memory: forgets everything on restart. Thread-safe. */
public final class InMemorySilenceStore implements SilenceStore {
  private final Map<String, Silence> silences = new ConcurrentHashMap<>();

  @Override
  public List<Silence> loadAll() {
    return new ArrayList<>(silences.values());
  }

  @Override
  public void save(Silence silence) {
    silences.put(silence.id(), silence);
  }

  @Override
  public void delete(String id) {
    silences.remove(id);
  }
}

package io.watchkeeper.probe;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Appendable} that keeps every committed sample, for assertions. Thread-safe. */
public final class RecordingAppendable implements Appendable {
  /** One committed sample. */
  public record Written(Labels labels, long t, double v) {
    public boolean isStale() {
      return StaleMarker.isStale(v);
    }
  }

  private final List<Written> committed = new CopyOnWriteArrayList<>();

  @Override
  public Appender appender() {
    List<Written> batch = new ArrayList<>();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        if (labels == null) {
          throw new IllegalStateException("BUG: probes always append with labels");
        }
        batch.add(new Written(labels, t, v));
        return 1;
      }

      @Override
      public void commit() {
        committed.addAll(batch);
      }

      @Override
      public void rollback() {
        batch.clear();
      }
    };
  }

  /** Everything committed. */
  public List<Written> all() {
    return List.copyOf(committed);
  }

  /** The latest value of the series with these labels (name and pairs). */
  public Optional<Double> latest(String name, String... labelPairs) {
    Optional<Double> out = Optional.empty();
    for (Written w : committed) {
      if (matches(w.labels(), name, labelPairs)) {
        out = Optional.of(w.v());
      }
    }
    return out;
  }

  /** The samples of series matching the name and pairs. */
  public List<Written> series(String name, String... labelPairs) {
    return committed.stream().filter(w -> matches(w.labels(), name, labelPairs)).toList();
  }

  private static boolean matches(Labels l, String name, String... pairs) {
    if (!l.metricName().equals(name)) {
      return false;
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (!l.get(pairs[i]).equals(pairs[i + 1])) {
        return false;
      }
    }
    return true;
  }
}

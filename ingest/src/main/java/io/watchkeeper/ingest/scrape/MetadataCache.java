package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.textformat.Entry;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.ByteHash;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.MetricType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A target's metric metadata (type, help, unit per metric family) from its TYPE, HELP and UNIT
 * lines, for {@code /api/v1/metadata}. A family is kept for 10 scrapes after it disappears, as in
 * Prometheus.
 *
 * <p>Entries are keyed by the hash of the family name's bytes and help texts are compared by hash,
 * so an unchanged exposition allocates nothing here. Readers get an immutable snapshot, rebuilt
 * only when something changed.
 *
 * <p>Updated by the scrape loop's thread only; {@link #snapshot()} is safe from any thread.
 */
final class MetadataCache {
  private static final int KEEP_SCRAPES = 10;

  private static final class Family {
    final String name;
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    long helpHash;
    String unit = "";
    int lastIter;

    Family(String name) {
      this.name = name;
    }
  }

  private long[] keys = new long[64];
  private Family[] families = new Family[64];
  private int size;
  private boolean changed;
  private volatile Map<String, Metadata> snapshot = Map.of();

  /** Records a TYPE, HELP or UNIT line the parser is on, seen in scrape {@code iter}. */
  void update(Parser p, Entry entry, int iter) {
    byte[] b = p.buffer();
    long key = ByteHash.xxh64(b, p.nameStart(), p.nameEnd() - p.nameStart());
    Family f = get(key);
    if (f == null) {
      f = new Family(p.metricName());
      put(key, f);
      changed = true;
    }
    f.lastIter = iter;
    switch (entry) {
      case TYPE -> {
        if (f.type != p.type()) {
          f.type = p.type();
          changed = true;
        }
      }
      case HELP -> {
        long h = ByteHash.xxh64(b, p.textStart(), p.textEnd() - p.textStart());
        if (h != f.helpHash) {
          f.help = p.help();
          f.helpHash = h;
          changed = true;
        }
      }
      case UNIT -> {
        if (!f.unit.equals(p.unit())) {
          f.unit = p.unit();
          changed = true;
        }
      }
      default -> throw new IllegalStateException("BUG: not a metadata entry: " + entry);
    }
  }

  /** After a successful scrape: drops families unseen for 10 scrapes and publishes changes. */
  void finishScrape(int iter) {
    for (int i = 0; i < keys.length; i++) {
      if (families[i] != null && iter - families[i].lastIter > KEEP_SCRAPES) {
        families[i] = null;
        keys[i] = 0;
        size--;
        changed = true;
      }
    }
    if (changed) {
      rehash(keys.length);
      Map<String, Metadata> m = new TreeMap<>();
      for (Family f : families) {
        if (f != null) {
          m.put(f.name, new Metadata(f.type, f.help, f.unit));
        }
      }
      snapshot = Collections.unmodifiableMap(m); // sorted by family name
      changed = false;
    }
  }

  /** Metadata by family name (sorted), as of the last successful scrape. */
  Map<String, Metadata> snapshot() {
    return snapshot;
  }

  private @Nullable Family get(long key) {
    int i = (int) (key ^ (key >>> 32)) & (keys.length - 1);
    while (families[i] != null) {
      if (keys[i] == key) {
        return families[i];
      }
      i = (i + 1) & (keys.length - 1);
    }
    return null;
  }

  private void put(long key, Family f) {
    if ((size + 1) * 2 > keys.length) {
      rehash(keys.length * 2);
    }
    int i = (int) (key ^ (key >>> 32)) & (keys.length - 1);
    while (families[i] != null) {
      i = (i + 1) & (keys.length - 1);
    }
    keys[i] = key;
    families[i] = f;
    size++;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    Family[] old = families;
    keys = new long[capacity];
    families = new Family[capacity];
    size = 0;
    for (int i = 0; i < old.length; i++) {
      if (old[i] != null) {
        put(oldKeys[i], old[i]);
      }
    }
  }
}

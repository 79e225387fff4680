package io.watchkeeper.storage.tsdb;

import io.watchkeeper.model.Labels;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Head series by labels (Prometheus {@code stripeSeries.hashes}): stripes of open-addressing hash
 * tables keyed by the labels' 64-bit stable hash, each behind its own lock so concurrent scrapes of
 * new series rarely wait. Equal hashes of different labels (collisions) are told apart by comparing
 * labels while probing. About 13 bytes per series (an int key and a reference at load ≤ 0.6),
 * against ~40 for a {@code ConcurrentHashMap} node. Thread-safe.
 */
final class SeriesHashIndex {
  private static final int STRIPES = 256;

  private final Stripe[] stripes = new Stripe[STRIPES];

  SeriesHashIndex() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** The series with these labels, or null. */
  @Nullable HeadSeries get(Labels labels, long hash) {
    Stripe s = stripes[(int) (hash >>> 56) & (STRIPES - 1)];
    s.lock.lock();
    try {
      return s.get(labels, (int) hash);
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * The series with these labels, created with {@code create} (under the stripe lock, so at most
   * once) if missing or removed (garbage collection drops removed series from here a little later).
   */
  HeadSeries getOrCreate(Labels labels, long hash, Function<Labels, HeadSeries> create) {
    Stripe s = stripes[(int) (hash >>> 56) & (STRIPES - 1)];
    s.lock.lock();
    try {
      HeadSeries found = s.get(labels, (int) hash);
      if (found != null) {
        if (!found.removed) {
          return found;
        }
        s.remove(found, (int) hash);
      }
      HeadSeries created = create.apply(labels);
      s.put(created, (int) hash);
      return created;
    } finally {
      s.lock.unlock();
    }
  }

  void remove(HeadSeries series, long hash) {
    Stripe s = stripes[(int) (hash >>> 56) & (STRIPES - 1)];
    s.lock.lock();
    try {
      s.remove(series, (int) hash);
    } finally {
      s.lock.unlock();
    }
  }

  private static final class Stripe {
    final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    int[] keys = new int[16];
    @Nullable HeadSeries[] vals = new HeadSeries[16];
    int size;

    @Nullable HeadSeries get(Labels labels, int hash) {
      int k = key(hash);
      int mask = keys.length - 1;
      for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
        int kk = keys[i];
        if (kk == 0) {
          return null;
        }
        HeadSeries v = vals[i];
        if (kk == k && v != null && v.labels.equals(labels)) {
          return v;
        }
      }
    }

    void put(HeadSeries s, int hash) {
      if ((size + 1) * 5 > keys.length * 3) {
        resize(keys.length * 2);
      }
      insert(s, key(hash));
      size++;
    }

    private void insert(HeadSeries s, int k) {
      int mask = keys.length - 1;
      int i = mix(k) & mask;
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      vals[i] = s;
    }

    void remove(HeadSeries s, int hash) {
      int k = key(hash);
      int mask = keys.length - 1;
      int i = mix(k) & mask;
      while (keys[i] != 0) {
        if (vals[i] == s) {
          // backward-shift deletion keeps probe chains intact without tombstones
          int hole = i;
          for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = mix(keys[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
              keys[hole] = keys[j];
              vals[hole] = vals[j];
              hole = j;
            }
          }
          keys[hole] = 0;
          vals[hole] = null;
          size--;
          if (keys.length > 16 && size * 8 < keys.length) {
            resize(keys.length / 2);
          }
          return;
        }
        i = (i + 1) & mask;
      }
    }

    private void resize(int cap) {
      int[] oldK = keys;
      HeadSeries[] oldV = vals;
      keys = new int[cap];
      vals = new HeadSeries[cap];
      for (int i = 0; i < oldK.length; i++) {
        HeadSeries v = oldV[i];
        if (oldK[i] != 0 && v != null) {
          insert(v, oldK[i]);
        }
      }
    }

    private static int key(int hash) {
      return hash == 0 ? 1 : hash;
    }

    private static int mix(int k) {
      return k * 0x9E3779B9 >>> 7 ^ k;
    }
  }
}

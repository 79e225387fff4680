package io.watchkeeper.ingest.scrape;

/**
 * A target's scrape cache (Prometheus {@code scrapeCache}): the 64-bit hash of a series' raw bytes
 * as exposed (name and label set) to the storage reference of its labels after target labels and
 * metric relabelling, so an unchanged series is appended without decoding or allocating its
 * labels. It also remembers series that metric relabelling dropped, and for staleness the scrape
 * in which each series was last appended without an explicit timestamp.
 *
 * <p>Open addressing with linear probing over parallel primitive arrays: about 25 bytes per slot,
 * at most 70% full, instead of a {@code HashMap<String, Entry>}'s ~150 bytes per series. Hash
 * {@code 0} marks an empty slot, so a series hashing to 0 is stored as 1. Two distinct series of
 * one target share a hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million series); the second
 * would then be written to the first one's series.
 *
 * <p>Not thread-safe: owned by one scrape loop.
 */
final class ScrapeCache {
  private static final int MIN_CAPACITY = 64;

  private long[] keys;
  private long[] refs;
  /** Iteration in which the series was last seen at all. */
  private int[] lastIter;
  /**
   * Staleness: {@code k} if appended without timestamp in scrape {@code k} and also in {@code k-1};
   * {@code -k} if first appended so in scrape {@code k}; 0 if not tracked.
   */
  private int[] staleIter;
  private boolean[] dropped;
  private int size;
  private int mask;

  ScrapeCache() {
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    refs = new long[capacity];
    lastIter = new int[capacity];
    staleIter = new int[capacity];
    dropped = new boolean[capacity];
    mask = capacity - 1;
    size = 0;
  }

  /** Number of series (and dropped series) cached. */
  int size() {
    return size;
  }

  /** Number of slots, for tests of growth and shrinking. */
  int capacity() {
    return keys.length;
  }

  private static long key(long hash) {
    return hash == 0 ? 1 : hash;
  }

  private static int spread(long k) {
    return (int) (k ^ (k >>> 32));
  }

  /** The slot of {@code hash}, or -1. */
  int find(long hash) {
    long k = key(hash);
    int i = spread(k) & mask;
    while (true) {
      long cur = keys[i];
      if (cur == k) {
        return i;
      }
      if (cur == 0) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds {@code hash} (not present) with a storage reference; returns its slot. */
  int put(long hash, long ref, int iter) {
    if ((size + 1) * 10 > keys.length * 7) {
      rehash(keys.length * 2);
    }
    long k = key(hash);
    int i = spread(k) & mask;
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    refs[i] = ref;
    lastIter[i] = iter;
    staleIter[i] = 0;
    dropped[i] = false;
    size++;
    return i;
  }

  /** Adds {@code hash} (not present) as dropped by metric relabelling. */
  void putDropped(long hash, int iter) {
    int slot = put(hash, 0, iter);
    dropped[slot] = true;
  }

  boolean isDropped(int slot) {
    return dropped[slot];
  }

  long ref(int slot) {
    return refs[slot];
  }

  void setRef(int slot, long ref) {
    refs[slot] = ref;
  }

  /** Marks the series seen in scrape {@code iter}. */
  void touch(int slot, int iter) {
    lastIter[slot] = iter;
  }

  /** Marks the series appended without an explicit timestamp in scrape {@code iter}. */
  void trackStaleness(int slot, int iter) {
    int s = staleIter[slot];
    if (s == iter || s == -iter) {
      return;
    }
    staleIter[slot] = Math.abs(s) == iter - 1 && s != 0 ? iter : -iter;
  }

  /** Callback for series that went stale. */
  @FunctionalInterface
  interface StaleAction {
    void stale(long ref);
  }

  /**
   * After a successful scrape {@code iter}: reports every series appended in the previous scrape
   * but not in this one, and forgets entries not seen at all in this one (Prometheus flushes its
   * cache the same way after each successful scrape).
   */
  void finishSuccessfulScrape(int iter, StaleAction action) {
    int removed = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == 0) {
        continue;
      }
      int s = staleIter[i];
      if (s != 0 && Math.abs(s) == iter - 1) {
        action.stale(refs[i]);
        staleIter[i] = 0;
      }
      if (lastIter[i] != iter) {
        keys[i] = 0; // removed below by rehashing the survivors
        removed++;
      }
    }
    if (removed > 0) {
      size -= removed;
      int capacity = keys.length;
      while (capacity > MIN_CAPACITY && size * 10 < capacity * 2) {
        capacity >>= 1; // shrink when less than 20% full
      }
      rehash(capacity);
    }
  }

  /**
   * After a failed scrape {@code iter} (whose appends were rolled back): reports every series
   * appended in the previous scrape, since a failed scrape counts as an empty one, and resets
   * staleness tracking so the next scrape starts afresh.
   */
  void finishFailedScrape(int iter, StaleAction action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == 0) {
        continue;
      }
      int s = staleIter[i];
      if (s == iter || (s != 0 && Math.abs(s) == iter - 1)) {
        action.stale(refs[i]);
      }
      staleIter[i] = 0;
    }
  }

  /** Reports every series tracked for staleness in scrape {@code lastIter}, and forgets all tracking. */
  void staleAll(int lastIteration, StaleAction action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0 && staleIter[i] != 0 && Math.abs(staleIter[i]) == lastIteration) {
        action.stale(refs[i]);
      }
      staleIter[i] = 0;
    }
  }

  /** Forgets everything not seen in scrape {@code iter} (guards against growth across failed scrapes). */
  void retainSeenIn(int iter) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0 && lastIter[i] != iter) {
        keys[i] = 0;
        size--;
      }
    }
    rehash(keys.length);
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    long[] oldRefs = refs;
    int[] oldLast = lastIter;
    int[] oldStale = staleIter;
    boolean[] oldDropped = dropped;
    int live = 0;
    for (long k : oldKeys) {
      if (k != 0) {
        live++;
      }
    }
    allocate(Math.max(capacity, MIN_CAPACITY));
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k == 0) {
        continue;
      }
      int j = spread(k) & mask;
      while (keys[j] != 0) {
        j = (j + 1) & mask;
      }
      keys[j] = k;
      refs[j] = oldRefs[i];
      lastIter[j] = oldLast[i];
      staleIter[j] = oldStale[i];
      dropped[j] = oldDropped[i];
    }
    size = live;
  }

  @Override
  public String toString() {
    return "ScrapeCache{size=" + size + ", capacity=" + keys.length + "}";
  }
}

package io.watchkeeper.ingest.scrape;

/**
 * A target's scrape cache (Prometheus {@code scrapeCache}): the 64-bit hash of a series' raw bytes
 * as exposed (name and label set) to the storage reference of its labels after target labels and
 * metric relabelling, so an unchanged series is appended without decoding or allocating its
 * labels. It also remembers series that metric relabelling dropped, and for staleness the scrape
 * in which each series was last appended without an explicit timestamp.
 *
 * <p>Open addressing with linear probing over one {@code long[]} with three longs per slot (hash,
 * reference, and the two iteration numbers packed): 24 bytes per slot, at most 70% full, instead
 * of a {@code HashMap<String, Entry>}'s ~150 bytes per series. One slot's data share a cache line
 * (a lookup in a cold cache costs one miss, not one per field: the profile showed these misses).
 * Hash {@code 0} marks an empty slot, so a series hashing to 0 is stored as 1. Two distinct series
 * of one target share a hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million series); the
 * second would then be written to the first one's series.
 *
 * <p>Not thread-safe: owned by one scrape loop.
 */
final class ScrapeCache {
  private static final int MIN_CAPACITY = 64;
  private static final int STRIDE = 3;
  /** In the meta word: the series was dropped by metric relabelling. */
  private static final long DROPPED = 1L << 63;

  /**
   * Per slot: [key, ref, meta]. meta holds in its low 32 bits the iteration in which the series
   * was last seen, and in bits 32..62 the staleness state: {@code k} if appended without
   * timestamp in scrape {@code k} and also in {@code k-1}, {@code -k} if first so in {@code k}
   * (stored as 31-bit two's complement, so iterations must stay below 2^30: 34 years of 1 s scrapes),
   * 0 if not tracked. Bit 63 marks dropped series.
   */
  private long[] slots;
  private int size;
  private int mask;

  ScrapeCache() {
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    slots = new long[capacity * STRIDE];
    mask = capacity - 1;
    size = 0;
  }

  /** Number of series (and dropped series) cached. */
  int size() {
    return size;
  }

  /** Number of slots, for tests of growth and shrinking. */
  int capacity() {
    return mask + 1;
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
    long[] s = slots;
    int i = spread(k) & mask;
    while (true) {
      long cur = s[i * STRIDE];
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
    if ((size + 1) * 10 > capacity() * 7) {
      rehash(capacity() * 2);
    }
    long k = key(hash);
    int i = spread(k) & mask;
    while (slots[i * STRIDE] != 0) {
      i = (i + 1) & mask;
    }
    slots[i * STRIDE] = k;
    slots[i * STRIDE + 1] = ref;
    slots[i * STRIDE + 2] = iter & 0xFFFFFFFFL;
    size++;
    return i;
  }

  /** Adds {@code hash} (not present) as dropped by metric relabelling. */
  void putDropped(long hash, int iter) {
    int slot = put(hash, 0, iter);
    slots[slot * STRIDE + 2] |= DROPPED;
  }

  boolean isDropped(int slot) {
    return (slots[slot * STRIDE + 2] & DROPPED) != 0;
  }

  long ref(int slot) {
    return slots[slot * STRIDE + 1];
  }

  void setRef(int slot, long ref) {
    slots[slot * STRIDE + 1] = ref;
  }

  private static int lastIter(long meta) {
    return (int) meta;
  }

  /** The staleness state, sign-extended from 31 bits. */
  private static int staleIter(long meta) {
    return (int) ((meta << 1) >> 33);
  }

  private static long meta(long old, int lastIter, int staleIter) {
    return (old & DROPPED) | ((staleIter & 0x7FFFFFFFL) << 32) | (lastIter & 0xFFFFFFFFL);
  }

  /** Marks the series seen in scrape {@code iter}. */
  void touch(int slot, int iter) {
    long m = slots[slot * STRIDE + 2];
    slots[slot * STRIDE + 2] = meta(m, iter, staleIter(m));
  }

  /** Marks the series appended without an explicit timestamp in scrape {@code iter}. */
  void trackStaleness(int slot, int iter) {
    long m = slots[slot * STRIDE + 2];
    int s = staleIter(m);
    if (s == iter || s == -iter) {
      return;
    }
    int next = s != 0 && Math.abs(s) == iter - 1 ? iter : -iter;
    slots[slot * STRIDE + 2] = meta(m, lastIter(m), next);
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
    long[] s = slots;
    for (int i = 0; i < s.length; i += STRIDE) {
      if (s[i] == 0) {
        continue;
      }
      long m = s[i + 2];
      int st = staleIter(m);
      if (st != 0 && Math.abs(st) == iter - 1) {
        action.stale(s[i + 1]);
        m = meta(m, lastIter(m), 0);
        s[i + 2] = m;
      }
      if (lastIter(m) != iter) {
        s[i] = 0; // removed below by rehashing the survivors
        removed++;
      }
    }
    if (removed > 0) {
      size -= removed;
      int capacity = capacity();
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
    long[] s = slots;
    for (int i = 0; i < s.length; i += STRIDE) {
      if (s[i] == 0) {
        continue;
      }
      long m = s[i + 2];
      int st = staleIter(m);
      if (st == iter || (st != 0 && Math.abs(st) == iter - 1)) {
        action.stale(s[i + 1]);
      }
      s[i + 2] = meta(m, lastIter(m), 0);
    }
  }

  /** Reports every series tracked for staleness in scrape {@code lastIteration}, and forgets all tracking. */
  void staleAll(int lastIteration, StaleAction action) {
    long[] s = slots;
    for (int i = 0; i < s.length; i += STRIDE) {
      if (s[i] == 0) {
        continue;
      }
      long m = s[i + 2];
      int st = staleIter(m);
      if (st != 0 && Math.abs(st) == lastIteration) {
        action.stale(s[i + 1]);
      }
      s[i + 2] = meta(m, lastIter(m), 0);
    }
  }

  /** Forgets everything not seen in scrape {@code iter} (guards against growth across failed scrapes). */
  void retainSeenIn(int iter) {
    long[] s = slots;
    for (int i = 0; i < s.length; i += STRIDE) {
      if (s[i] != 0 && lastIter(s[i + 2]) != iter) {
        s[i] = 0;
      }
    }
    rehash(capacity());
  }

  private void rehash(int capacity) {
    long[] old = slots;
    allocate(Math.max(capacity, MIN_CAPACITY));
    int live = 0;
    for (int j = 0; j < old.length; j += STRIDE) {
      long k = old[j];
      if (k == 0) {
        continue;
      }
      int i = spread(k) & mask;
      while (slots[i * STRIDE] != 0) {
        i = (i + 1) & mask;
      }
      slots[i * STRIDE] = k;
      slots[i * STRIDE + 1] = old[j + 1];
      slots[i * STRIDE + 2] = old[j + 2];
      live++;
    }
    size = live;
  }

  @Override
  public String toString() {
    return "ScrapeCache{size=" + size + ", capacity=" + capacity() + "}";
  }
}

package io.watchkeeper.storage.tsdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Head series by id: a paged array, so resolving a cached series reference (the scrape path) is two
 * array loads rather than a hash lookup. Ids are handed out in increasing order and never reused;
 * pages whose series have all gone are freed. Thread-safe: reads are lock-free (acquire loads);
 * {@link #put} and {@link #remove} are called by one thread at a time (under the head's locks).
 */
final class SeriesTable {
  private static final int PAGE_BITS = 12;
  private static final int PAGE = 1 << PAGE_BITS;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(HeadSeries[].class);

  private volatile @Nullable HeadSeries[][] pages = new HeadSeries[16][];
  private int[] live = new int[16]; // series per page; guarded by the writers' lock

  @Nullable HeadSeries get(long ref) {
    if (ref <= 0 || ref > Integer.MAX_VALUE) {
      return null;
    }
    int id = (int) ref;
    HeadSeries[][] p = pages;
    int pi = id >>> PAGE_BITS;
    if (pi >= p.length) {
      return null;
    }
    HeadSeries[] page = p[pi];
    return page == null ? null : (HeadSeries) SLOT.getAcquire(page, id & (PAGE - 1));
  }

  synchronized void put(HeadSeries s) {
    int pi = s.id >>> PAGE_BITS;
    HeadSeries[][] p = pages;
    if (pi >= p.length) {
      HeadSeries[][] grown = java.util.Arrays.copyOf(p, Math.max(pi + 1, p.length * 2));
      live = java.util.Arrays.copyOf(live, grown.length);
      pages = grown;
      p = grown;
    }
    HeadSeries[] page = p[pi];
    if (page == null) {
      page = new HeadSeries[PAGE];
      p[pi] = page;
      pages = p; // republish so readers see the new page
    }
    SLOT.setRelease(page, s.id & (PAGE - 1), s);
    live[pi]++;
  }

  synchronized void remove(HeadSeries s) {
    int pi = s.id >>> PAGE_BITS;
    HeadSeries[][] p = pages;
    HeadSeries[] page = p[pi];
    if (page == null || page[s.id & (PAGE - 1)] != s) {
      return;
    }
    SLOT.setRelease(page, s.id & (PAGE - 1), null);
    if (--live[pi] == 0) {
      p[pi] = null;
      pages = p;
    }
  }

  /** Calls {@code f} for every series, in id order. Weakly consistent with concurrent changes. */
  void forEach(Consumer<HeadSeries> f) {
    HeadSeries[][] p = pages;
    for (HeadSeries[] page : p) {
      if (page == null) {
        continue;
      }
      for (int i = 0; i < PAGE; i++) {
        HeadSeries s = (HeadSeries) SLOT.getAcquire(page, i);
        if (s != null) {
          f.accept(s);
        }
      }
    }
  }
}

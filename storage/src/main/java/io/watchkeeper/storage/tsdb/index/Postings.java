package io.watchkeeper.storage.tsdb.index;

import java.util.Arrays;
import java.util.List;

/**
 * Set operations on postings: strictly increasing {@code int[]} series ids, always exactly sized.
 * Materialised arrays rather than lazy iterators (Prometheus {@code index.Postings}): the lists a
 * query touches fit in cache, and tight loops over arrays beat virtual calls per id. Stateless.
 */
public final class Postings {
  /** The empty list. */
  public static final int[] EMPTY = new int[0];

  /** Size ratio above which intersection gallops through the larger list instead of merging. */
  private static final int GALLOP_RATIO = 16;

  private Postings() {}

  /** Ids in both lists. */
  public static int[] intersect(int[] a, int[] b) {
    if (a.length > b.length) {
      int[] t = a;
      a = b;
      b = t;
    }
    if (a.length == 0) {
      return EMPTY;
    }
    int[] out = new int[a.length];
    int n = 0;
    if (b.length / a.length >= GALLOP_RATIO) {
      int lo = 0;
      for (int x : a) {
        lo = gallop(b, lo, x);
        if (lo == b.length) {
          break;
        }
        if (b[lo] == x) {
          out[n++] = x;
        }
      }
    } else {
      int i = 0;
      int j = 0;
      while (i < a.length && j < b.length) {
        int x = a[i];
        int y = b[j];
        if (x == y) {
          out[n++] = x;
          i++;
          j++;
        } else if (x < y) {
          i++;
        } else {
          j++;
        }
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Ids in every list; smallest lists first, stopping as soon as the result is empty. */
  public static int[] intersect(List<int[]> lists) {
    if (lists.isEmpty()) {
      return EMPTY;
    }
    int[][] sorted = lists.toArray(new int[0][]);
    Arrays.sort(sorted, (x, y) -> Integer.compare(x.length, y.length));
    int[] acc = sorted[0];
    for (int i = 1; i < sorted.length && acc.length > 0; i++) {
      acc = intersect(acc, sorted[i]);
    }
    return acc;
  }

  /** Ids in {@code a} but not in {@code b}. */
  public static int[] subtract(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) {
      return a;
    }
    int[] out = new int[a.length];
    int n = 0;
    int j = 0;
    boolean gallop = b.length / a.length >= GALLOP_RATIO;
    for (int x : a) {
      j = gallop ? gallop(b, j, x) : advance(b, j, x);
      if (j == b.length || b[j] != x) {
        out[n++] = x;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Ids in any list. */
  public static int[] union(List<int[]> lists) {
    switch (lists.size()) {
      case 0:
        return EMPTY;
      case 1:
        return lists.get(0);
      case 2:
        return union(lists.get(0), lists.get(1));
      default:
        int total = 0;
        for (int[] l : lists) {
          total += l.length;
        }
        int[] all = new int[total];
        int off = 0;
        for (int[] l : lists) {
          System.arraycopy(l, 0, all, off, l.length);
          off += l.length;
        }
        // One primitive sort beats a k-way heap merge for the dozens to thousands of lists a
        // regex over label values yields.
        Arrays.sort(all);
        return dedupe(all);
    }
  }

  /** Ids in either list. */
  public static int[] union(int[] a, int[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length && j < b.length) {
      int x = a[i];
      int y = b[j];
      if (x == y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) {
        out[n++] = x;
        i++;
      } else {
        out[n++] = y;
        j++;
      }
    }
    while (i < a.length) {
      out[n++] = a[i++];
    }
    while (j < b.length) {
      out[n++] = b[j++];
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  private static int[] dedupe(int[] sorted) {
    if (sorted.length < 2) {
      return sorted;
    }
    int n = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[n - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  private static int advance(int[] b, int j, int x) {
    while (j < b.length && b[j] < x) {
      j++;
    }
    return j;
  }

  /** First index {@code >= from} whose id is {@code >= x}: doubling steps, then binary search. */
  static int gallop(int[] b, int from, int x) {
    if (from >= b.length || b[from] >= x) {
      return from;
    }
    int step = 1;
    int lo = from;
    int hi = from + 1;
    while (hi < b.length && b[hi] < x) {
      lo = hi;
      step <<= 1;
      hi = from + step;
    }
    hi = Math.min(hi, b.length);
    // invariant: b[lo] < x, and b[hi] >= x or hi == length
    int idx = Arrays.binarySearch(b, lo + 1, hi, x);
    return idx >= 0 ? idx : -idx - 1;
  }
}

package io.watchkeeper.storage.tsdb.index;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A growable sorted list of ids for {@link MemPostings}. Appending a larger id writes past the
 * published size in place; anything else (an id arriving out of order, removals) builds a new
 * array. So a reader that took {@code (array, size)} under the index lock can keep reading that
 * prefix without it. Not thread-safe: {@link MemPostings} guards it.
 */
final class IntList {
  int[] ids;
  int size;

  IntList(int first) {
    ids = new int[] {first, 0};
    size = 1;
  }

  void add(int id) {
    if (size > 0 && ids[size - 1] >= id) {
      insertOutOfOrder(id);
      return;
    }
    if (size == ids.length) {
      // 1.25x growth: postings are most of the index's memory and mostly stop growing early.
      ids = Arrays.copyOf(ids, size + Math.max(4, size >>> 2));
    }
    ids[size++] = id;
  }

  private void insertOutOfOrder(int id) {
    int pos = Arrays.binarySearch(ids, 0, size, id);
    if (pos >= 0) {
      return;
    }
    pos = -pos - 1;
    int[] n = new int[Math.max(ids.length, size + 1)];
    System.arraycopy(ids, 0, n, 0, pos);
    n[pos] = id;
    System.arraycopy(ids, pos, n, pos + 1, size - pos);
    ids = n;
    size++;
  }

  /** Removes the ids marked in {@code gone}; builds a new array. */
  void removeAll(BitSet gone) {
    int[] n = new int[size];
    int k = 0;
    for (int i = 0; i < size; i++) {
      if (!gone.get(ids[i])) {
        n[k++] = ids[i];
      }
    }
    ids = k == size ? n : Arrays.copyOf(n, k);
    size = k;
  }

  int[] copy() {
    return Arrays.copyOf(ids, size);
  }
}

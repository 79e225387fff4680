package io.watchkeeper.ingest.receive;

/**
 * Maps the 64-bit hash of a series' raw bytes to a dense index (open addressing over a long
 * array), so an import decodes each series' labels once and appends by reference afterwards.
 * Not thread-safe.
 */
final class SeriesIndex {
  private long[] keys = new long[1024];
  private int[] values = new int[1024];
  private int size;

  /** The index of {@code hash}, or -1. */
  int get(long hash) {
    long k = hash == 0 ? 1 : hash;
    int mask = keys.length - 1;
    int i = (int) (k ^ (k >>> 32)) & mask;
    while (keys[i] != 0) {
      if (keys[i] == k) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Adds {@code hash} (not present) with the next index; returns that index. */
  int add(long hash) {
    if ((size + 1) * 10 > keys.length * 7) {
      grow();
    }
    long k = hash == 0 ? 1 : hash;
    int mask = keys.length - 1;
    int i = (int) (k ^ (k >>> 32)) & mask;
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    values[i] = size;
    return size++;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long k = oldKeys[j];
      if (k == 0) {
        continue;
      }
      int i = (int) (k ^ (k >>> 32)) & mask;
      while (keys[i] != 0) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = oldValues[j];
    }
  }
}

package io.watchkeeper.storage.tsdb.index;

import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's inverted index: label name → value → sorted series ids (Prometheus {@code
 * MemPostings}). Thread-safe: a read-write lock guards the maps; readers copy the lists they need
 * while holding it, so queries never see a list change under them. Series are added far less often
 * than queried, so writes taking the exclusive lock cost nothing in practice.
 */
public final class MemPostings implements IndexView {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // guarded by lock
  private final Map<String, Map<String, IntList>> byName = new HashMap<>();
  // guarded by lock
  private final IntList all = new IntList(0);

  public MemPostings() {
    all.size = 0;
  }

  /** Indexes series {@code id} under each of its labels. */
  public void add(int id, Labels labels) {
    lock.writeLock().lock();
    try {
      all.add(id);
      for (int i = 0; i < labels.size(); i++) {
        Map<String, IntList> values = byName.computeIfAbsent(labels.name(i), k -> new HashMap<>());
        IntList l = values.get(labels.value(i));
        if (l == null) {
          values.put(labels.value(i), new IntList(id));
        } else {
          l.add(id);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes the series in {@code gone} (ids as bits), whose labels are {@code labels}: only the
   * lists those labels name are rebuilt.
   */
  public void delete(BitSet gone, List<Labels> labels) {
    if (gone.isEmpty()) {
      return;
    }
    lock.writeLock().lock();
    try {
      all.removeAll(gone);
      Map<String, Map<String, Boolean>> touched = new HashMap<>();
      for (Labels l : labels) {
        for (int i = 0; i < l.size(); i++) {
          touched.computeIfAbsent(l.name(i), k -> new HashMap<>()).put(l.value(i), Boolean.TRUE);
        }
      }
      for (Map.Entry<String, Map<String, Boolean>> e : touched.entrySet()) {
        Map<String, IntList> values = byName.get(e.getKey());
        if (values == null) {
          continue;
        }
        for (String v : e.getValue().keySet()) {
          IntList list = values.get(v);
          if (list != null) {
            list.removeAll(gone);
            if (list.size == 0) {
              values.remove(v);
            }
          }
        }
        if (values.isEmpty()) {
          byName.remove(e.getKey());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<String> labelNames() {
    lock.readLock().lock();
    try {
      List<String> names = new ArrayList<>(byName.keySet());
      names.sort(null);
      return names;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<String> labelValues(String name) {
    lock.readLock().lock();
    try {
      Map<String, IntList> values = byName.get(name);
      if (values == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>(values.keySet());
      out.sort(null);
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int[] postings(String name, String value) {
    lock.readLock().lock();
    try {
      Map<String, IntList> values = byName.get(name);
      IntList l = values == null ? null : values.get(value);
      return l == null ? Postings.EMPTY : l.copy();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int[] postings(String name, List<String> values) {
    List<int[]> lists = new ArrayList<>(values.size());
    lock.readLock().lock();
    try {
      Map<String, IntList> byValue = byName.get(name);
      if (byValue == null) {
        return Postings.EMPTY;
      }
      for (String v : values) {
        IntList l = byValue.get(v);
        if (l != null) {
          lists.add(l.copy());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return Postings.union(lists);
  }

  @Override
  public int[] allPostings() {
    lock.readLock().lock();
    try {
      return all.copy();
    } finally {
      lock.readLock().unlock();
    }
  }
}

package io.watchkeeper.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StatusHistory} in memory: for tests and for running without a database (then uptime
 * starts over at each restart). Thread-safe.
 */
public final class InMemoryStatusHistory implements StatusHistory {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, List<StatusChange>> byMonitor = new HashMap<>(); // guarded by lock; each list in time order

  @Override
  public void record(StatusChange change) {
    lock.lock();
    try {
      List<StatusChange> l = byMonitor.computeIfAbsent(change.monitor(), k -> new ArrayList<>());
      int i = l.size();
      while (i > 0 && l.get(i - 1).at().isAfter(change.at())) {
        i--;
      }
      l.add(i, change);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<StatusChange> changes(String monitor, Instant from, Instant to) {
    lock.lock();
    try {
      List<StatusChange> out = new ArrayList<>();
      for (StatusChange c : byMonitor.getOrDefault(monitor, List.of())) {
        if (!c.at().isBefore(from) && c.at().isBefore(to)) {
          out.add(c);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<StatusChange> latestAtOrBefore(String monitor, Instant at) {
    lock.lock();
    try {
      StatusChange found = null;
      for (StatusChange c : byMonitor.getOrDefault(monitor, List.of())) {
        if (c.at().isAfter(at)) {
          break;
        }
        found = c;
      }
      return Optional.ofNullable(found);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<StatusChange> recent(String monitor, int limit) {
    lock.lock();
    try {
      List<StatusChange> l = byMonitor.getOrDefault(monitor, List.of());
      List<StatusChange> out = new ArrayList<>(l.subList(Math.max(0, l.size() - limit), l.size()));
      java.util.Collections.reverse(out);
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int prune(Instant before) {
    lock.lock();
    try {
      int removed = 0;
      for (List<StatusChange> l : byMonitor.values()) {
        int last = -1; // index of the last change before `before`
        for (int i = 0; i < l.size() && l.get(i).at().isBefore(before); i++) {
          last = i;
        }
        if (last > 0) {
          l.subList(0, last).clear();
          removed += last;
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }
}

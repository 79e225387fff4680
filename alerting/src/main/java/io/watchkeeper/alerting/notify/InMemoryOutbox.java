package io.watchkeeper.alerting.notify;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/** An {@link Outbox} in memory: loses its entries on restart. Thread-safe: one lock. */
public final class InMemoryOutbox implements Outbox {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, OutboxEntry> entries = new LinkedHashMap<>(); // guarded by lock
  private long nextId = 1; // guarded by lock

  @Override
  public OutboxEntry put(OutboxEntry entry) {
    lock.lock();
    try {
      entries.values().removeIf(e -> e.integrationKey().equals(entry.integrationKey()) && e.groupKey().equals(entry.groupKey()));
      OutboxEntry stored = entry.withId(nextId++);
      entries.put(stored.id(), stored);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<OutboxEntry> due(String integrationKey, Instant now, int limit) {
    lock.lock();
    try {
      return entries.values().stream()
          .filter(e -> e.integrationKey().equals(integrationKey) && !e.nextAttemptAt().isAfter(now))
          .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparingLong(OutboxEntry::id))
          .limit(limit).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Instant> nextAttemptAt(String integrationKey) {
    lock.lock();
    try {
      return entries.values().stream().filter(e -> e.integrationKey().equals(integrationKey))
          .map(OutboxEntry::nextAttemptAt).min(Instant::compareTo);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reschedule(long id, int attempts, Instant nextAttemptAt, String lastError) {
    lock.lock();
    try {
      entries.computeIfPresent(id, (k, e) -> e.retried(attempts, nextAttemptAt, lastError));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(long id) {
    lock.lock();
    try {
      return entries.remove(id) != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> integrationKeys() {
    lock.lock();
    try {
      Set<String> keys = new HashSet<>();
      entries.values().forEach(e -> keys.add(e.integrationKey()));
      return keys;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}

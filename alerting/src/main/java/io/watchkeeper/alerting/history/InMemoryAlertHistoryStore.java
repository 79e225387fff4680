package io.watchkeeper.alerting.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** An {@link AlertHistoryStore} in memory, for tests and setups without a database. Thread-safe: one lock. */
public final class InMemoryAlertHistoryStore implements AlertHistoryStore {
  /** Newest first: by startsAt, then ID. */
  static final Comparator<AlertRecord> NEWEST_FIRST =
      Comparator.comparing(AlertRecord::startsAt).thenComparingLong(AlertRecord::id).reversed();

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, AlertRecord> records = new HashMap<>(); // guarded by lock
  private final Map<Long, List<AlertEvent>> events = new HashMap<>(); // guarded by lock
  private long nextId = 1; // guarded by lock

  @Override
  public AlertRecord open(AlertRecord record, AlertEvent first) {
    lock.lock();
    try {
      long id = nextId++;
      AlertRecord stored = record.withId(id);
      records.put(id, stored);
      List<AlertEvent> timeline = new ArrayList<>();
      timeline.add(new AlertEvent(id, first.type(), first.at(), first.detail()));
      events.put(id, timeline);
      return stored;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<AlertRecord> append(AlertEvent event) {
    lock.lock();
    try {
      AlertRecord r = records.get(event.alertId());
      if (r == null) {
        return Optional.empty();
      }
      AlertRecord updated = r.apply(event);
      records.put(r.id(), updated);
      events.get(r.id()).add(event);
      return Optional.of(updated);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<AlertRecord> get(long id) {
    lock.lock();
    try {
      return Optional.ofNullable(records.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<AlertRecord> active() {
    return select(r -> !r.isResolved());
  }

  private List<AlertRecord> select(java.util.function.Predicate<AlertRecord> filter) {
    lock.lock();
    try {
      return records.values().stream().filter(filter).sorted(NEWEST_FIRST).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public HistoryPage history(HistoryQuery q) {
    List<AlertRecord> all = select(q::matches);
    List<AlertRecord> page = all.stream().skip(q.offset()).limit(q.limit()).toList();
    return new HistoryPage(page, all.size(), q.page(), q.limit());
  }

  @Override
  public List<AlertEvent> events(long alertId) {
    lock.lock();
    try {
      return List.copyOf(events.getOrDefault(alertId, List.of()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public AlertStats stats(Instant from, Instant to, int top) {
    return AlertStats.compute(from, to, select(r -> !r.startsAt().isBefore(from) && r.startsAt().isBefore(to)), top);
  }

  @Override
  public int deleteResolvedBefore(Instant cutoff) {
    lock.lock();
    try {
      List<Long> old = records.values().stream()
          .filter(r -> r.resolvedAt().isPresent() && r.resolvedAt().get().isBefore(cutoff)).map(AlertRecord::id).toList();
      old.forEach(id -> {
        records.remove(id);
        events.remove(id);
      });
      return old.size();
    } finally {
      lock.unlock();
    }
  }
}

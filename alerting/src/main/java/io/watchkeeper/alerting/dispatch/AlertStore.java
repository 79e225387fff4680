package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.TrackedAlert;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The alerts alerting knows, by fingerprint (Alertmanager {@code provider/mem}): a re-sent alert is
 * merged with the stored one when their activity ranges overlap ({@link TrackedAlert#merge}),
 * otherwise it replaces it. Listeners (the dispatcher, inhibition) see every stored alert in order.
 *
 * <p>Thread-safe: one lock guards the map, and listeners are called under it, so a listener that
 * {@link #subscribe subscribes} sees each alert exactly once, after the snapshot it got. Listeners
 * must therefore be quick and must not call back into the store.
 */
public final class AlertStore {
  /** Told about every alert stored. */
  @FunctionalInterface
  public interface Listener {
    /** Called with the alert as stored (merged), under the store's lock. */
    void stored(TrackedAlert alert);
  }

  private final InstantSource clock;
  private final AlertMarker marker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, TrackedAlert> alerts = new HashMap<>(); // guarded by lock
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public AlertStore(InstantSource clock, AlertMarker marker) {
    this.clock = clock;
    this.marker = marker;
  }

  /** Stores alerts, merging each with the one stored under its fingerprint. */
  public void put(List<TrackedAlert> batch) {
    Instant now = clock.instant();
    lock.lock();
    try {
      for (TrackedAlert a : batch) {
        long fp = a.fingerprint();
        TrackedAlert old = alerts.get(fp);
        TrackedAlert stored = a;
        if (old != null && overlaps(a, old)) {
          stored = old.merge(a, now);
        }
        alerts.put(fp, stored);
        for (Listener l : listeners) {
          l.stored(stored);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // Alertmanager merges only when the new alert's range overlaps the stored one's.
  private static boolean overlaps(TrackedAlert a, TrackedAlert old) {
    return (a.endsAt().isAfter(old.startsAt()) && a.endsAt().isBefore(old.endsAt()))
        || (a.startsAt().isAfter(old.startsAt()) && a.startsAt().isBefore(old.endsAt()));
  }

  /** The alert with this fingerprint. */
  public Optional<TrackedAlert> get(long fingerprint) {
    lock.lock();
    try {
      return Optional.ofNullable(alerts.get(fingerprint));
    } finally {
      lock.unlock();
    }
  }

  /** Every alert, resolved ones included until they are collected. */
  public List<TrackedAlert> list() {
    lock.lock();
    try {
      return new ArrayList<>(alerts.values());
    } finally {
      lock.unlock();
    }
  }

  /** How many alerts are stored. */
  public int size() {
    lock.lock();
    try {
      return alerts.size();
    } finally {
      lock.unlock();
    }
  }

  /** Registers a listener and returns the alerts stored before it, atomically. */
  public List<TrackedAlert> subscribe(Listener listener) {
    lock.lock();
    try {
      listeners.add(listener);
      return new ArrayList<>(alerts.values());
    } finally {
      lock.unlock();
    }
  }

  /** Removes a listener. */
  public void unsubscribe(Listener listener) {
    listeners.remove(listener);
  }

  /** Deletes the alerts resolved at {@code now} (and their marks); returns how many. */
  public int collectResolved(Instant now) {
    lock.lock();
    try {
      int n = 0;
      var it = alerts.entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (e.getValue().isResolvedAt(now)) {
          it.remove();
          marker.delete(e.getKey());
          n++;
        }
      }
      return n;
    } finally {
      lock.unlock();
    }
  }
}

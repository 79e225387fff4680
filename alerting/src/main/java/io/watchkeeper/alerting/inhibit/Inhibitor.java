package io.watchkeeper.alerting.inhibit;

import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.Muter;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.dispatch.AlertStore;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies the inhibit rules (Alertmanager {@code inhibit.Inhibitor}). Watches the {@link
 * AlertStore} and keeps, per rule, the alerts matching its source side indexed by their values of
 * the rule's {@code equal} labels, so checking a target costs one map lookup per rule rather than a
 * scan of every alert (a flood of 100,000 alerts stays cheap). An alert matching both sides of a
 * rule is not inhibited by another alert that also matches both sides, and never by itself.
 *
 * <p>Lifecycle: {@link #start()} subscribes to the store, {@link #close()} unsubscribes.
 * Thread-safe: one lock guards the caches.
 */
public final class Inhibitor implements Muter, AutoCloseable {
  private final List<InhibitRule> rules;
  private final AlertStore store;
  private final AlertMarker marker;
  private final AlertStore.Listener listener = this::stored;
  private final ReentrantLock lock = new ReentrantLock();
  // per rule: equal-label values -> source alerts by fingerprint; guarded by lock
  private final List<Map<Labels, Map<Long, TrackedAlert>>> caches = new ArrayList<>();

  public Inhibitor(List<InhibitRule> rules, AlertStore store, AlertMarker marker) {
    this.rules = List.copyOf(rules);
    this.store = store;
    this.marker = marker;
    for (int i = 0; i < this.rules.size(); i++) {
      caches.add(new HashMap<>());
    }
  }

  /** Subscribes to the store; alerts already stored are indexed at once. */
  public void start() {
    for (TrackedAlert a : store.subscribe(listener)) {
      stored(a);
    }
  }

  private void stored(TrackedAlert a) {
    lock.lock();
    try {
      for (int i = 0; i < rules.size(); i++) {
        InhibitRule r = rules.get(i);
        Labels key = a.labels().keeping(r.equal());
        Map<Labels, Map<Long, TrackedAlert>> cache = caches.get(i);
        if (AlertMatchers.matches(r.sourceMatchers(), a.labels())) {
          cache.computeIfAbsent(key, k -> new HashMap<>()).put(a.fingerprint(), a);
        } else {
          Map<Long, TrackedAlert> bucket = cache.get(key);
          if (bucket != null && bucket.remove(a.fingerprint()) != null && bucket.isEmpty()) {
            cache.remove(key);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean mutes(Labels labels, Instant now) {
    long fp = Fingerprint.of(labels);
    Optional<Long> by = inhibitedBy(labels, fp, now);
    marker.setInhibited(fp, by.map(f -> List.of(Fingerprint.format(f))).orElse(List.of()));
    return by.isPresent();
  }

  private Optional<Long> inhibitedBy(Labels labels, long fp, Instant now) {
    lock.lock();
    try {
      for (int i = 0; i < rules.size(); i++) {
        InhibitRule r = rules.get(i);
        if (!AlertMatchers.matches(r.targetMatchers(), labels)) {
          continue;
        }
        boolean bothSides = AlertMatchers.matches(r.sourceMatchers(), labels);
        Map<Long, TrackedAlert> bucket = caches.get(i).get(labels.keeping(r.equal()));
        if (bucket == null) {
          continue;
        }
        for (TrackedAlert source : bucket.values()) {
          if (source.isResolvedAt(now) || source.fingerprint() == fp) {
            continue;
          }
          if (bothSides && AlertMatchers.matches(r.targetMatchers(), source.labels())) {
            continue;
          }
          return Optional.of(source.fingerprint());
        }
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Drops source alerts resolved at {@code now} from the caches. */
  public void collectResolved(Instant now) {
    lock.lock();
    try {
      for (Map<Labels, Map<Long, TrackedAlert>> cache : caches) {
        cache.values().forEach(b -> b.values().removeIf(a -> a.isResolvedAt(now)));
        cache.values().removeIf(Map::isEmpty);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    store.unsubscribe(listener);
  }
}

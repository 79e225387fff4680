package io.watchkeeper.alerting.history;

import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.alert.Fingerprint;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.Integration;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every alert's timeline in an {@link AlertHistoryStore}: an alert that starts firing (or,
 * told by the rules, pending) opens a record; deliveries, acknowledgements and the resolution are
 * appended to it. It listens to the alert store and to deliveries ({@link #attach}); the rules
 * report pending alerts through {@link #pending}; the API acknowledges and resolves through {@link
 * #acknowledge} and {@link #resolve}.
 *
 * <p>Listeners only queue what they saw (the alert store calls them under its lock, and a flood of
 * alerts must not wait for the database); one worker thread writes the queue to the store in
 * order, and applies the retention every {@link HistoryOptions#cleanupInterval()}. Tests with a
 * manual clock call {@link #flush()} instead of {@link #start()}. On start the unresolved records
 * are loaded, so timelines continue across restarts. Thread-safe.
 */
public final class AlertHistory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertHistory.class);

  private sealed interface Change permits Stored, Pending, PendingCleared, Delivered {}

  private record Stored(TrackedAlert alert, Instant at) implements Change {}

  private record Pending(Alert alert, Instant at) implements Change {}

  private record PendingCleared(long fingerprint, Instant at) implements Change {}

  private record Delivered(String integration, Notification notification, Instant at) implements Change {}

  private final AlertHistoryStore store;
  private final InstantSource clock;
  private volatile HistoryOptions options;
  private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, AlertRecord> open = new HashMap<>(); // unresolved by fingerprint; guarded by lock
  private boolean loaded; // guarded by lock
  private volatile boolean running;
  private @Nullable Thread worker;

  public AlertHistory(AlertHistoryStore store, InstantSource clock, HistoryOptions options) {
    this.store = store;
    this.clock = clock;
    this.options = options;
  }

  /** Applies new settings (on reload): the next cleanup uses the new retention. */
  public void setOptions(HistoryOptions options) {
    this.options = options;
  }

  /** Listens to the alerts {@code alerting} receives and the notifications it delivers. */
  public void attach(NotificationManager alerting) {
    for (TrackedAlert a : alerting.alerts().subscribe(this::stored)) {
      stored(a);
    }
    alerting.deliverer().addListener(this::delivered);
  }

  private void stored(TrackedAlert alert) {
    queue.add(new Stored(alert, clock.instant()));
  }

  private void delivered(Integration integration, Notification notification, Instant at) {
    queue.add(new Delivered(integration.key(), notification, at));
  }

  /** Records that a rule's alert is pending (its condition holds, its {@code for} not yet). */
  public void pending(Alert alert) {
    queue.add(new Pending(alert, clock.instant()));
  }

  /** Records that a pending alert's condition stopped holding before it fired: its record ends. */
  public void pendingCleared(Labels labels) {
    queue.add(new PendingCleared(Fingerprint.of(labels), clock.instant()));
  }

  /** Loads the unresolved records and starts the worker. */
  public void start() {
    load();
    running = true;
    worker = Thread.ofVirtual().name("alert-history").start(this::run);
    log.atInfo().addKeyValue("component", "history").addKeyValue("active", open.size()).log("started");
  }

  private void load() {
    lock.lock();
    try {
      if (!loaded) {
        for (AlertRecord r : store.active()) {
          open.putIfAbsent(r.fingerprint(), r);
        }
        loaded = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is queued to the store on the calling thread; returns how many changes. For tests
   * and setups that drive it without {@link #start()}: it must not run beside the worker.
   */
  public int flush() {
    load();
    int n = 0;
    Change c;
    while ((c = queue.poll()) != null) {
      apply(c);
      n++;
    }
    return n;
  }

  private void run() {
    Instant nextCleanup = clock.instant();
    while (running) {
      try {
        if (!clock.instant().isBefore(nextCleanup)) {
          cleanup();
          nextCleanup = clock.instant().plus(options.cleanupInterval());
        }
        Change c = queue.poll(Math.max(1, Duration.between(clock.instant(), nextCleanup).toMillis()), TimeUnit.MILLISECONDS);
        if (c != null) {
          apply(c);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atError().addKeyValue("component", "history").setCause(e).log("cannot record alert history");
      }
    }
  }

  private void apply(Change c) {
    lock.lock();
    try {
      switch (c) {
        case Stored s -> stored(s.alert(), s.at());
        case Pending p -> pending(p.alert(), p.at());
        case PendingCleared p -> {
          AlertRecord r = open.get(p.fingerprint());
          if (r != null && r.state() == AlertState.PENDING) {
            append(r, EventType.RESOLVED, p.at(), "");
          }
        }
        case Delivered d -> delivered(d.integration(), d.notification(), d.at());
      }
    } finally {
      lock.unlock();
    }
  }

  // guarded by lock
  private void stored(TrackedAlert a, Instant at) {
    long fp = a.fingerprint();
    AlertRecord r = open.get(fp);
    if (a.isResolvedAt(at)) {
      if (r != null) {
        append(r, EventType.RESOLVED, a.endsAt(), "");
      }
      return;
    }
    if (r == null) {
      AlertRecord begun = AlertRecord.begin(fp, a.labels(), a.annotations(), AlertState.FIRING, a.startsAt(), at);
      open.put(fp, store.open(begun, new AlertEvent(0, EventType.FIRING, at, "")));
    } else if (r.state() == AlertState.PENDING) {
      append(r, EventType.FIRING, at, "");
    }
  }

  // guarded by lock
  private void pending(Alert a, Instant at) {
    long fp = Fingerprint.of(a.labels());
    if (!open.containsKey(fp)) {
      AlertRecord begun = AlertRecord.begin(fp, a.labels(), a.annotations(), AlertState.PENDING, a.startsAt(), at);
      open.put(fp, store.open(begun, new AlertEvent(0, EventType.PENDING, at, "")));
    }
  }

  // guarded by lock
  private void delivered(String integration, Notification n, Instant at) {
    for (NotifiedAlert a : n.alerts()) {
      AlertRecord r = open.get(a.fingerprint());
      if (!a.resolved() && r != null) {
        append(r, EventType.NOTIFIED, at, integration);
      }
    }
  }

  // guarded by lock
  private Optional<AlertRecord> append(AlertRecord r, EventType type, Instant at, String detail) {
    Optional<AlertRecord> updated = store.append(new AlertEvent(r.id(), type, at, detail));
    AlertRecord current = open.get(r.fingerprint());
    boolean tracked = current != null && current.id() == r.id();
    if (updated.isEmpty() || updated.get().isResolved()) {
      if (tracked) {
        open.remove(r.fingerprint());
      }
    } else if (tracked) {
      open.put(r.fingerprint(), updated.get());
    }
    return updated;
  }

  /**
   * Acknowledges an alert: its record says who and when (the first acknowledgement counts). A
   * resolved alert is returned unchanged. Empty if there is no alert with this ID.
   */
  public Optional<AlertRecord> acknowledge(long id, String by) {
    return byHand(id, EventType.ACKNOWLEDGED, by);
  }

  /** Closes an alert by hand: its record is resolved, by {@code by}. Empty if there is no such alert. */
  public Optional<AlertRecord> resolve(long id, String by) {
    return byHand(id, EventType.RESOLVED, by);
  }

  private Optional<AlertRecord> byHand(long id, EventType type, String by) {
    load();
    lock.lock();
    try {
      Optional<AlertRecord> r = store.get(id);
      if (r.isEmpty() || r.get().isResolved()) {
        return r;
      }
      return append(r.get(), type, clock.instant(), by);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes resolved alerts older than the retention; returns how many. */
  public int cleanup() {
    int n = store.deleteResolvedBefore(clock.instant().minus(options.retention()));
    if (n > 0) {
      log.atInfo().addKeyValue("component", "history").addKeyValue("deleted", n).log("old alert history deleted");
    }
    return n;
  }

  /** The unresolved alerts, newest first (what the worker has written so far). */
  public List<AlertRecord> active() {
    return store.active();
  }

  /** The store, for queries (history pages, timelines, statistics). */
  public AlertHistoryStore store() {
    return store;
  }

  /** Stops the worker; what is still queued is written first. */
  @Override
  public void close() {
    running = false;
    Thread t = worker;
    if (t != null) {
      t.interrupt();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      flush();
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "history").setCause(e).log("cannot record alert history on close");
    }
  }
}

package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the {@link Outbox} holds: one worker (a virtual thread) per integration, so a
 * receiver that hangs, answers 500 or drops the connection only delays its own notifications.
 * Each attempt is bounded by the notifier's timeout and by {@link DeliveryOptions#callTimeout()};
 * a retryable failure reschedules the entry with exponential backoff and jitter, a permanent one
 * drops it (counted and logged); a delivered one is recorded in the {@link NotificationLog} and
 * removed. Receivers with a {@link RateLimit} get at most that many deliveries per window; the rest
 * wait in the outbox.
 *
 * <p>On {@link #start()} workers are started for every configured integration and for every
 * integration with entries in the outbox, so notifications written before a crash are sent. Tests
 * with a manual clock call {@link #deliverDue(String)} instead of starting. Thread-safe.
 */
public final class Deliverer implements AutoCloseable {
  /**
   * Told about every notification delivered (alert history records them), on the delivering
   * worker's thread: must be quick and must not throw.
   */
  @FunctionalInterface
  public interface Listener {
    void delivered(Integration integration, Notification notification, Instant at);
  }

  private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
  private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(30);

  private final Outbox outbox;
  private final NotificationLog nflog;
  private final InstantSource clock;
  private final DeliveryOptions options;
  private final AlertingMetrics metrics;
  private final RandomGenerator random;
  private final Map<String, Integration> integrations = new ConcurrentHashMap<>();
  private final Map<String, Worker> workers = new ConcurrentHashMap<>();
  private final ReentrantLock rateLock = new ReentrantLock();
  private final Map<String, ArrayDeque<Instant>> recentDeliveries = new HashMap<>(); // guarded by rateLock
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean running;

  public Deliverer(Outbox outbox, NotificationLog nflog, InstantSource clock, DeliveryOptions options, AlertingMetrics metrics,
      RandomGenerator random) {
    this.outbox = outbox;
    this.nflog = nflog;
    this.clock = clock;
    this.options = options;
    this.metrics = metrics;
    this.random = random;
  }

  /** Sets the integrations of the current configuration (on start and on every reload). */
  public void setIntegrations(Collection<Integration> current) {
    Map<String, Integration> byKey = new HashMap<>();
    current.forEach(i -> byKey.put(i.key(), i));
    integrations.keySet().retainAll(byKey.keySet());
    integrations.putAll(byKey);
    if (running) {
      byKey.keySet().forEach(this::ensureWorker);
    }
  }

  /** Adds a listener told about every delivery. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Writes an entry to the outbox (replacing a waiting one of the same group) and wakes its worker. */
  public OutboxEntry enqueue(OutboxEntry entry) {
    OutboxEntry stored = outbox.put(entry);
    metrics.outboxDepth.set(outbox.size());
    Worker w = running ? ensureWorker(entry.integrationKey()) : null;
    if (w != null) {
      w.wake();
    }
    return stored;
  }

  /** Starts a worker per configured integration and per integration with waiting entries. */
  public void start() {
    running = true;
    Set<String> keys = new HashSet<>(integrations.keySet());
    keys.addAll(outbox.integrationKeys());
    keys.forEach(this::ensureWorker);
    metrics.outboxDepth.set(outbox.size());
    log.atInfo().addKeyValue("component", "deliverer").addKeyValue("waiting", outbox.size()).log("started");
  }

  private @Nullable Worker ensureWorker(String key) {
    if (!running) {
      return null;
    }
    return workers.computeIfAbsent(key, k -> {
      Worker w = new Worker(k);
      w.thread = Thread.ofVirtual().name("deliver-" + k).start(w::run);
      return w;
    });
  }

  /** Delivers every entry due now for every integration with entries; returns the attempts made. */
  public int deliverDue() {
    int n = 0;
    for (String key : outbox.integrationKeys()) {
      n += deliverDue(key);
    }
    return n;
  }

  /** Delivers the integration's entries due at the clock's now; returns the attempts made. */
  public int deliverDue(String key) {
    int attempts = 0;
    List<OutboxEntry> due = outbox.due(key, clock.instant(), options.batchSize());
    for (OutboxEntry e : due) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      if (deliver(e)) {
        attempts++;
      }
    }
    metrics.outboxDepth.set(outbox.size());
    return attempts;
  }

  /** Tries one entry; false if it was not attempted (rate limit, unknown integration). */
  private boolean deliver(OutboxEntry e) {
    Instant now = clock.instant();
    Integration in = integrations.get(e.integrationKey());
    if (in == null) {
      outbox.remove(e.id());
      metrics.notificationsFailed.labelValues(e.integrationKey(), "unknown_integration").inc();
      log.atWarn().addKeyValue("component", "deliverer").addKeyValue("integration", e.integrationKey())
          .log("dropped a notification for an integration no longer configured");
      return false;
    }
    Optional<Instant> allowedAt = rateLimited(in, now);
    if (allowedAt.isPresent()) {
      outbox.reschedule(e.id(), e.attempts(), allowedAt.get(), e.lastError());
      metrics.notificationsRateLimited.labelValues(in.key()).inc();
      return false;
    }
    metrics.notifications.labelValues(in.key()).inc();
    long start = System.nanoTime();
    try {
      call(in.notifier(), e.notification());
      delivered(in, e, clock.instant());
    } catch (NotifyException ex) {
      failed(in, e, ex, clock.instant());
    } catch (StoreException ex) {
      throw ex;
    } finally {
      metrics.notificationLatency.labelValues(in.key()).observe((System.nanoTime() - start) / 1e9);
    }
    return true;
  }

  private void call(Notifier notifier, Notification n) throws NotifyException {
    Future<@Nullable Void> f = calls.submit(() -> {
      notifier.notify(n);
      return null;
    });
    try {
      f.get(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException ex) {
      f.cancel(true);
      throw NotifyException.retryable("cannot deliver notification: no answer within " + options.callTimeout(), ex);
    } catch (InterruptedException ex) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw NotifyException.retryable("cannot deliver notification: interrupted", ex);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof NotifyException ne) {
        throw ne;
      }
      log.atError().addKeyValue("component", "deliverer").setCause(ex.getCause()).log("BUG: notifier failed unexpectedly");
      throw NotifyException.permanent("cannot deliver notification: notifier failed: " + ex.getCause(), ex.getCause());
    }
  }

  private void delivered(Integration in, OutboxEntry e, Instant now) {
    nflog.log(new NflogEntry(e.groupKey(), in.key(), e.firing(), e.resolved(), now, now.plus(e.repeatInterval().multipliedBy(2))));
    outbox.remove(e.id());
    remember(in.key(), now);
    metrics.notificationsDelivered.labelValues(in.key()).inc();
    metrics.nflogEntries.set(nflog.size());
    for (Listener l : listeners) {
      try {
        l.delivered(in, e.notification(), now);
      } catch (RuntimeException ex) {
        log.atError().addKeyValue("component", "deliverer").addKeyValue("integration", in.key()).setCause(ex)
            .log("BUG: delivery listener failed");
      }
    }
  }

  private void failed(Integration in, OutboxEntry e, NotifyException ex, Instant now) {
    int attempts = e.attempts() + 1;
    boolean expired = !e.createdAt().plus(options.maxAge()).isAfter(now);
    if (ex.retryable() && !expired) {
      Instant next = now.plus(options.backoff(attempts, random.nextDouble()));
      outbox.reschedule(e.id(), attempts, next, String.valueOf(ex.getMessage()));
      metrics.notificationsFailed.labelValues(in.key(), "retryable").inc();
      log.atWarn().addKeyValue("component", "deliverer").addKeyValue("integration", in.key()).addKeyValue("group", e.groupKey())
          .addKeyValue("attempts", attempts).addKeyValue("retry_at", next).setCause(ex).log("notification failed, will retry");
      return;
    }
    outbox.remove(e.id());
    metrics.notificationsFailed.labelValues(in.key(), ex.retryable() ? "expired" : "permanent").inc();
    log.atError().addKeyValue("component", "deliverer").addKeyValue("integration", in.key()).addKeyValue("group", e.groupKey())
        .addKeyValue("attempts", attempts).setCause(ex).log(ex.retryable() ? "notification given up after retrying" : "notification failed permanently");
  }

  // The deliveries of the integration within its rate limit window; when it has none in memory
  // (after a restart), the notification log's latest delivery stands in.
  private Optional<Instant> rateLimited(Integration in, Instant now) {
    if (in.rateLimit().isEmpty()) {
      return Optional.empty();
    }
    RateLimit limit = in.rateLimit().get();
    rateLock.lock();
    try {
      ArrayDeque<Instant> recent = recentDeliveries.computeIfAbsent(in.key(), k -> {
        ArrayDeque<Instant> d = new ArrayDeque<>();
        nflog.lastNotified(k).ifPresent(d::add);
        return d;
      });
      while (!recent.isEmpty() && !recent.peekFirst().plus(limit.interval()).isAfter(now)) {
        recent.pollFirst();
      }
      if (recent.size() < limit.maxNotifications()) {
        return Optional.empty();
      }
      return Optional.of(recent.peekFirst().plus(limit.interval()));
    } finally {
      rateLock.unlock();
    }
  }

  private void remember(String key, Instant now) {
    rateLock.lock();
    try {
      recentDeliveries.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
    } finally {
      rateLock.unlock();
    }
  }

  /** Stops the workers (a call in flight is interrupted; its entry stays in the outbox). */
  @Override
  public void close() {
    running = false;
    for (Worker w : workers.values()) {
      w.stop();
    }
    workers.clear();
    calls.shutdownNow();
    log.atInfo().addKeyValue("component", "deliverer").log("stopped");
  }

  /** One integration's delivery loop. */
  private final class Worker {
    private final String key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signalled; // guarded by lock
    private @Nullable Thread thread;

    Worker(String key) {
      this.key = key;
    }

    void wake() {
      lock.lock();
      try {
        signalled = true;
        woken.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void stop() {
      Thread t = thread;
      if (t != null) {
        t.interrupt();
        try {
          t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void run() {
      while (running && !Thread.currentThread().isInterrupted()) {
        try {
          deliverDue(key);
          Duration wait = outbox.nextAttemptAt(key).map(t -> Duration.between(clock.instant(), t)).orElse(MAX_IDLE_WAIT);
          if (wait.compareTo(MAX_IDLE_WAIT) > 0) {
            wait = MAX_IDLE_WAIT;
          }
          lock.lock();
          try {
            if (!signalled && wait.toMillis() > 0) {
              woken.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            signalled = false;
          } finally {
            lock.unlock();
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.atError().addKeyValue("component", "deliverer").addKeyValue("integration", key).setCause(e)
              .log("delivery round failed; retrying");
          try {
            Thread.sleep(MAX_IDLE_WAIT.toMillis() / 10); // back off from a failing store, not a timing device
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }
}

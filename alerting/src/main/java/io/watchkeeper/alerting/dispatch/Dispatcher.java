package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.NotifyContext;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.Stage;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts alerts into aggregation groups by route and group labels and flushes each group into the
 * notification pipeline on Alertmanager's timers (Alertmanager {@code dispatch.Dispatcher}):
 *
 * <ul>
 *   <li>a new group flushes {@code group_wait} after it was created, or at once when an alert
 *       arrives whose {@code startsAt + group_wait} is already past and the group never flushed;
 *   <li>after each flush the next one is {@code group_interval} later (whether or not anything
 *       changed; the notification log decides whether to send);
 *   <li>a flush sends firing alerts without endsAt and resolved ones with it; after the pipeline
 *       succeeded, the resolved alerts it carried leave the group unless they changed meanwhile;
 *   <li>every 30 seconds, groups left empty are removed.
 * </ul>
 *
 * <p>Time comes from the injected clock only. {@link #start()} subscribes to the {@link AlertStore}
 * and runs the timers on one virtual thread; {@link #startWithoutTimer()} only subscribes, and the
 * caller drives flushes with {@link #flushDue()} (tests with a manual clock). A flush only runs the
 * pipeline, which checks the notification log and writes the outbox: the sending happens elsewhere,
 * so one thread serves every group. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  /** How often empty groups are removed, as Alertmanager's maintenance ticker. */
  static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(30);

  private record Due(Instant at, long seq, AggregationGroup group) {}

  private final Route root;
  private final AlertStore store;
  private final Stage pipeline;
  private final InstantSource clock;
  private final AlertingMetrics metrics;
  private final AlertStore.Listener listener = this::process;
  private final AtomicLong seq = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // guarded by lock:
  private final Map<Route, Map<Labels, AggregationGroup>> groups = new IdentityHashMap<>();
  private final PriorityQueue<Due> queue =
      new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingLong(Due::seq));
  private Instant nextMaintenance;
  private boolean running;
  private boolean subscribed;
  private @Nullable Thread timer;

  /**
   * @param root the routing tree
   * @param store where alerts come from
   * @param pipeline what a flush runs (usually a {@code RoutingStage} by receiver)
   * @param clock the only source of "now"
   */
  public Dispatcher(Route root, AlertStore store, Stage pipeline, InstantSource clock, AlertingMetrics metrics) {
    this.root = root;
    this.store = store;
    this.pipeline = pipeline;
    this.clock = clock;
    this.metrics = metrics;
    this.nextMaintenance = clock.instant().plus(MAINTENANCE_INTERVAL);
  }

  /** Subscribes to the store and starts the timer thread. */
  public void start() {
    startWithoutTimer();
    lock.lock();
    try {
      running = true;
      timer = Thread.ofVirtual().name("dispatcher").start(this::runTimers);
    } finally {
      lock.unlock();
    }
    log.atInfo().addKeyValue("component", "dispatcher").log("started");
  }

  /** Subscribes to the store (existing alerts are grouped at once); flushes run only in {@link #flushDue()}. */
  public void startWithoutTimer() {
    lock.lock();
    try {
      if (subscribed) {
        throw new IllegalStateException("BUG: dispatcher started twice");
      }
      subscribed = true;
    } finally {
      lock.unlock();
    }
    // Called outside our lock: the store calls listeners under its lock (lock order: store, then us).
    for (TrackedAlert a : store.subscribe(listener)) {
      process(a);
    }
  }

  /** The routing tree this dispatcher uses. */
  public Route route() {
    return root;
  }

  private void process(TrackedAlert alert) {
    Instant now = clock.instant();
    List<Route> routes = root.match(alert.labels());
    lock.lock();
    try {
      for (Route r : routes) {
        Labels gl = r.groupLabels(alert.labels());
        Map<Labels, AggregationGroup> byLabels = groups.computeIfAbsent(r, k -> new HashMap<>());
        AggregationGroup g = byLabels.get(gl);
        if (g == null) {
          g = new AggregationGroup(r, gl, now);
          byLabels.put(gl, g);
          metrics.aggregationGroups.inc();
          schedule(g);
        }
        if (g.insert(alert, now)) {
          schedule(g);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // guarded by lock
  private void schedule(AggregationGroup g) {
    queue.add(new Due(g.nextFlush, seq.incrementAndGet(), g));
    changed.signalAll();
  }

  /**
   * Flushes every group whose time has come at the clock's now, and removes empty groups when
   * maintenance is due. Returns the number of groups flushed.
   */
  public int flushDue() {
    int flushed = 0;
    while (true) {
      Instant now = clock.instant();
      AggregationGroup g;
      List<TrackedAlert> alerts;
      lock.lock();
      try {
        if (!now.isBefore(nextMaintenance)) {
          removeEmptyGroups();
          nextMaintenance = now.plus(MAINTENANCE_INTERVAL);
        }
        g = takeDue(now);
        if (g == null) {
          return flushed;
        }
        g.nextFlush = now.plus(g.route.options().groupInterval());
        g.hasFlushed = true;
        g.flushing = true;
        schedule(g);
        alerts = g.snapshot(now);
      } finally {
        lock.unlock();
      }
      flush(g, alerts, now);
      flushed++;
    }
  }

  // guarded by lock: the next group due at now, skipping stale queue entries
  private @Nullable AggregationGroup takeDue(Instant now) {
    while (!queue.isEmpty()) {
      Due d = queue.peek();
      if (d.at.isAfter(now)) {
        return null;
      }
      queue.poll();
      AggregationGroup g = d.group;
      if (!g.removed && !g.flushing && g.nextFlush.equals(d.at)) {
        return g;
      }
    }
    return null;
  }

  private void flush(AggregationGroup g, List<TrackedAlert> alerts, Instant now) {
    boolean ok = false;
    try {
      if (!alerts.isEmpty()) { // Alertmanager skips empty groups: nothing to say
        RouteOptions o = g.route.options();
        NotifyContext ctx = new NotifyContext(now, g.groupKey, g.labels, o.receiver(), o.repeatInterval(),
            o.muteTimeIntervals(), o.activeTimeIntervals(), g.route.id());
        pipeline.exec(ctx, alerts);
        ok = true;
      }
    } catch (NotifyException e) {
      log.atError().addKeyValue("component", "dispatcher").addKeyValue("group", g.groupKey)
          .addKeyValue("alerts", alerts.size()).setCause(e).log("notify for alerts failed");
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "dispatcher").addKeyValue("group", g.groupKey)
          .setCause(e).log("BUG: notification pipeline failed unexpectedly");
    } finally {
      lock.lock();
      try {
        g.flushing = false;
        if (ok) {
          g.deleteResolved(alerts.stream().filter(a -> a.isResolvedAt(now)).toList());
        }
        if (!g.nextFlush.isAfter(clock.instant())) {
          schedule(g);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  // guarded by lock
  private void removeEmptyGroups() {
    for (Map<Labels, AggregationGroup> byLabels : groups.values()) {
      var it = byLabels.values().iterator();
      while (it.hasNext()) {
        AggregationGroup g = it.next();
        if (g.alerts.isEmpty() && !g.flushing) {
          g.removed = true;
          it.remove();
          metrics.aggregationGroups.dec();
        }
      }
    }
  }

  /**
   * The aggregation groups with the alerts {@code alertFilter} accepts, for the API: groups with no
   * such alert are left out; sorted by group labels, then receiver, alerts in notification order.
   */
  public List<AlertGroup> groups(Predicate<Route> routeFilter, BiPredicate<TrackedAlert, Instant> alertFilter) {
    Instant now = clock.instant();
    List<AlertGroup> out = new ArrayList<>();
    List<AggregationGroup> all = new ArrayList<>();
    lock.lock();
    try {
      for (Map<Labels, AggregationGroup> byLabels : groups.values()) {
        all.addAll(byLabels.values());
      }
      for (AggregationGroup g : all) {
        if (!routeFilter.test(g.route)) {
          continue;
        }
        List<TrackedAlert> kept = new ArrayList<>();
        for (TrackedAlert a : g.alerts.values()) {
          if (alertFilter.test(a, now)) {
            kept.add(a);
          }
        }
        if (!kept.isEmpty()) {
          kept.sort(TrackedAlert.NOTIFICATION_ORDER);
          out.add(new AlertGroup(g.labels, g.route.options().receiver(), g.groupKey, g.route.id(), kept));
        }
      }
    } finally {
      lock.unlock();
    }
    out.sort(Comparator.comparing(AlertGroup::labels).thenComparing(AlertGroup::receiver));
    return out;
  }

  /** How many aggregation groups exist. */
  public int groupCount() {
    lock.lock();
    try {
      return groups.values().stream().mapToInt(Map::size).sum();
    } finally {
      lock.unlock();
    }
  }

  private void runTimers() {
    while (true) {
      try {
        flushDue();
        lock.lock();
        try {
          if (!running) {
            return;
          }
          Instant now = clock.instant();
          Instant next = nextMaintenance;
          Due head = queue.peek();
          if (head != null && head.at.isBefore(next)) {
            next = head.at;
          }
          long waitMillis = Duration.between(now, next).toMillis();
          if (waitMillis > 0) {
            changed.await(waitMillis, TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atError().addKeyValue("component", "dispatcher").setCause(e).log("BUG: dispatcher timer loop failed");
      }
    }
  }

  /** Unsubscribes and stops the timer thread; waits for a running flush to end. */
  @Override
  public void close() {
    store.unsubscribe(listener);
    Thread t;
    lock.lock();
    try {
      running = false;
      t = timer;
      timer = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.atInfo().addKeyValue("component", "dispatcher").log("stopped");
    }
    lock.lock();
    try {
      int n = groups.values().stream().mapToInt(Map::size).sum();
      metrics.aggregationGroups.dec(n);
      groups.clear();
      queue.clear();
    } finally {
      lock.unlock();
    }
  }
}

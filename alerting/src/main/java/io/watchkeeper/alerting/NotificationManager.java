package io.watchkeeper.alerting;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.alert.AlertMarker;
import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.AlertStore;
import io.watchkeeper.alerting.dispatch.Dispatcher;
import io.watchkeeper.alerting.dispatch.Route;
import io.watchkeeper.alerting.inhibit.Inhibitor;
import io.watchkeeper.alerting.notify.Deliverer;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.Integration;
import io.watchkeeper.alerting.notify.MultiStage;
import io.watchkeeper.alerting.notify.NotifyContext;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.NotificationLog;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.Outbox;
import io.watchkeeper.alerting.notify.PipelineBuilder;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.Stage;
import io.watchkeeper.alerting.silence.SilenceStore;
import io.watchkeeper.alerting.silence.Silences;
import io.watchkeeper.model.Alert;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager in one object: owns the alert store, silences, inhibitor, dispatcher and delivery
 * built from a {@link NotificationsConfig}, and applies a new configuration on reload (Alertmanager
 * rebuilds its dispatcher and inhibitor the same way: alerts stay, groups are formed again, the
 * notification log keeps them from being sent twice).
 *
 * <pre>{@code
 * NotificationManager alerting = new NotificationManager(config,
 *     new NotificationManager.Stores(silenceStore, nflog, outbox),
 *     InstantSource.system(), registry, NotificationOptions.defaults(externalUrl), new NotifierFactory());
 * alerting.start();
 * AlertSink sink = alerting::send;          // where rules hand their alerts
 * ...
 * alerting.applyConfig(newConfig);          // on reload
 * alerting.close();
 * }</pre>
 *
 * Thread-safe: a lock orders start, reloads and close; the parts are thread-safe.
 */
public final class NotificationManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationManager.class);

  /** Where the notification side keeps its state across restarts. */
  public record Stores(SilenceStore silences, NotificationLog nflog, Outbox outbox) {}

  private final Stores stores;
  private final InstantSource clock;
  private final NotificationOptions options;
  private final NotifierFactory notifiers;
  private final AlertingMetrics metrics;
  private final AlertMarker marker = new AlertMarker();
  private final AlertStore alerts;
  private final AlertIntake intake;
  private final Silences silences;
  private final Deliverer deliverer;
  private final List<Stage> flushObservers = new CopyOnWriteArrayList<>();
  private volatile Map<String, List<Integration>> byReceiver;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopping = lock.newCondition();
  // written under lock; volatile so that flush observers read them without it (a reload holds the
  // lock while it waits for a running flush to end):
  private volatile NotificationsConfig config;
  private volatile Route route;
  // guarded by lock:
  private @Nullable Inhibitor inhibitor;
  private @Nullable Dispatcher dispatcher;
  private boolean started;
  private boolean closed;
  private boolean manual;
  private @Nullable Thread maintenance;

  /**
   * Loads the silences and builds the parts; starts nothing.
   *
   * @throws IllegalArgumentException if a receiver's channel cannot be built
   */
  public NotificationManager(NotificationsConfig config, Stores stores, InstantSource clock, PrometheusRegistry registry,
      NotificationOptions options, NotifierFactory notifiers) {
    this.stores = stores;
    this.clock = clock;
    this.options = options;
    this.notifiers = notifiers;
    this.metrics = new AlertingMetrics(registry);
    this.alerts = new AlertStore(clock, marker);
    this.intake = new AlertIntake(alerts, clock, config.resolveTimeout(), metrics);
    this.silences = Silences.load(stores.silences(), clock, marker, options.silenceRetention(), metrics);
    this.deliverer = new Deliverer(stores.outbox(), stores.nflog(), clock, options.delivery(), metrics, new Random());
    this.config = config;
    this.route = Route.tree(config.route());
    this.byReceiver = integrations(config);
    deliverer.setIntegrations(byReceiver.values().stream().flatMap(List::stream).toList());
  }

  private Map<String, List<Integration>> integrations(NotificationsConfig c) {
    Map<String, List<Integration>> out = new LinkedHashMap<>();
    for (ReceiverConfig r : c.receivers()) {
      out.put(r.name(), notifiers.integrations(r));
    }
    return out;
  }

  /** Starts delivery (resuming the outbox), inhibition, the dispatcher and maintenance. */
  public void start() {
    lock.lock();
    try {
      if (started) {
        throw new IllegalStateException("BUG: notification manager started twice");
      }
      started = true;
      deliverer.start();
      startRouting(config, integrations(config), true);
      maintenance = Thread.ofVirtual().name("alerting-maintenance").start(this::runMaintenance);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts inhibition and the dispatcher without any thread: the caller drives time with {@link
   * #runDue()}. For tests with a manual clock.
   */
  public void startWithoutTimers() {
    lock.lock();
    try {
      if (started) {
        throw new IllegalStateException("BUG: notification manager started twice");
      }
      started = true;
      manual = true;
      startRouting(config, integrations(config), false);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Flushes the groups due at the clock's now and delivers the notifications due, on the calling
   * thread (after {@link #startWithoutTimers()}). Returns the delivery attempts made.
   */
  public int runDue() {
    Optional<Dispatcher> d = dispatcher();
    d.ifPresent(Dispatcher::flushDue);
    return deliverer.deliverDue();
  }

  // guarded by lock
  private void startRouting(NotificationsConfig c, Map<String, List<Integration>> byReceiver, boolean timers) {
    Inhibitor ih = new Inhibitor(c.inhibitRules(), alerts, marker);
    ih.start();
    Stage pipeline = MultiStage.of(
        PipelineBuilder.build(byReceiver, ih, c.timeIntervals(), silences, stores.nflog(), deliverer, options.externalUrl()),
        this::observeFlush);
    Dispatcher d = new Dispatcher(Route.tree(c.route()), alerts, pipeline, clock, metrics);
    if (timers) {
      d.start();
    } else {
      d.startWithoutTimer();
    }
    inhibitor = ih;
    dispatcher = d;
    route = d.route();
  }

  /**
   * Applies a new configuration: builds its receivers first (a failure leaves the running one in
   * place), then replaces inhibition, the routing tree and the dispatcher.
   *
   * @throws IllegalArgumentException if a receiver's channel cannot be built
   */
  public void applyConfig(NotificationsConfig next) {
    Map<String, List<Integration>> byReceiver = integrations(next);
    lock.lock();
    try {
      deliverer.setIntegrations(byReceiver.values().stream().flatMap(List::stream).toList());
      this.byReceiver = byReceiver;
      intake.setResolveTimeout(next.resolveTimeout());
      config = next;
      route = Route.tree(next.route());
      if (started && !closed) {
        stopRouting();
        startRouting(next, byReceiver, !manual);
      }
    } finally {
      lock.unlock();
    }
    log.atInfo().addKeyValue("component", "alerting").addKeyValue("receivers", next.receivers().size()).log("configuration applied");
  }

  // guarded by lock
  private void stopRouting() {
    if (dispatcher != null) {
      dispatcher.close();
      dispatcher = null;
    }
    if (inhibitor != null) {
      inhibitor.close();
      inhibitor = null;
    }
  }

  /**
   * Adds a stage told about every flush after the notification pipeline let its alerts through
   * (not muted): escalation starts and ends there. Its result is ignored; a failure is logged and
   * does not fail the flush. Observers added after {@link #start()} take part from the next flush.
   */
  public void addFlushObserver(Stage observer) {
    flushObservers.add(observer);
  }

  private List<TrackedAlert> observeFlush(NotifyContext ctx, List<TrackedAlert> alerts) {
    for (Stage o : flushObservers) {
      try {
        o.exec(ctx, alerts);
      } catch (NotifyException | RuntimeException e) {
        log.atError().addKeyValue("component", "alerting").addKeyValue("group", ctx.groupKey()).setCause(e)
            .log("flush observer failed");
      }
    }
    return alerts;
  }

  /** The URL notifications link back to. */
  public String externalUrl() {
    return options.externalUrl();
  }

  /** The integrations of a configured receiver (empty if there is none of that name). */
  public List<Integration> integrations(String receiver) {
    return byReceiver.getOrDefault(receiver, List.of());
  }

  /**
   * Accepts alerts from our rules or the API (the server wires {@code rules.AlertSink} to this).
   * Returns the validation errors of the alerts that were not stored; see {@link
   * AlertIntake#accept}.
   */
  public List<String> send(List<Alert> batch) {
    return intake.accept(batch);
  }

  /** Collects resolved alerts, old silences and expired log entries, and updates gauges. */
  public void maintain() {
    Instant now = clock.instant();
    alerts.collectResolved(now);
    Inhibitor ih;
    lock.lock();
    try {
      ih = inhibitor;
    } finally {
      lock.unlock();
    }
    if (ih != null) {
      ih.collectResolved(now);
    }
    silences.gc();
    stores.nflog().gc(now);
    metrics.nflogEntries.set(stores.nflog().size());
    metrics.outboxDepth.set(stores.outbox().size());
    for (AlertMarker.State s : AlertMarker.State.values()) {
      metrics.alerts.labelValues(s.apiName()).set(marker.count(s));
    }
  }

  private void runMaintenance() {
    while (true) {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        stopping.await(options.maintenanceInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      try {
        maintain();
      } catch (RuntimeException e) {
        log.atError().addKeyValue("component", "alerting").setCause(e).log("maintenance failed");
      }
    }
  }

  /** The alerts received. */
  public AlertStore alerts() {
    return alerts;
  }

  /** Why alerts are muted. */
  public AlertMarker marker() {
    return marker;
  }

  /** The silences. */
  public Silences silences() {
    return silences;
  }

  /** The current configuration. */
  public NotificationsConfig config() {
    return config;
  }

  /** The current routing tree. */
  public Route route() {
    return route;
  }

  /** The current dispatcher; empty before {@link #start()}. */
  public Optional<Dispatcher> dispatcher() {
    lock.lock();
    try {
      return Optional.ofNullable(dispatcher);
    } finally {
      lock.unlock();
    }
  }

  /** The current inhibitor; empty before {@link #start()}. */
  public Optional<Inhibitor> inhibitor() {
    lock.lock();
    try {
      return Optional.ofNullable(inhibitor);
    } finally {
      lock.unlock();
    }
  }

  /** The outbox delivery. */
  public Deliverer deliverer() {
    return deliverer;
  }

  /** The names of the configured receivers, in configuration order. */
  public List<String> receiverNames() {
    List<String> names = new ArrayList<>();
    config().receivers().forEach(r -> names.add(r.name()));
    return names;
  }

  /** Stops the dispatcher, inhibition, delivery and maintenance, in reverse order of start. */
  @Override
  public void close() {
    Thread m;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      stopping.signalAll();
      m = maintenance;
      stopRouting();
    } finally {
      lock.unlock();
    }
    if (m != null) {
      try {
        m.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deliverer.close();
  }
}

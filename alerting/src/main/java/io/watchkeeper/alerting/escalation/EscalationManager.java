package io.watchkeeper.alerting.escalation;

import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.dispatch.Route;
import io.watchkeeper.alerting.notify.Integration;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.NotifyContext;
import io.watchkeeper.alerting.notify.OutboxEntry;
import io.watchkeeper.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the escalation policies: when a group of a route with {@code escalation:} is flushed with
 * firing alerts (and they were not muted), its escalation begins; each step's receivers are
 * notified when the step is due, through the same persisted outbox as every notification, while
 * the group stays firing and nobody acknowledged it. A flush with no firing alert left ends it
 * (and the receivers of the steps notified so far get the resolution, if they send resolved);
 * {@link #acknowledge} stops it; {@link #resolve} closes an alert by hand. Every change is saved
 * to the {@link EscalationStore}, so escalations continue after a restart (steps that fell due
 * while the server was down are sent at start).
 *
 * <pre>{@code
 * EscalationManager escalations = new EscalationManager(alerting, new JdbcEscalationStore(db), clock);
 * escalations.start();   // after alerting.start()
 * ...
 * escalations.close();   // before alerting.close()
 * }</pre>
 *
 * The constructor registers a flush observer with {@code alerting}. Policies and routes are read
 * from {@code alerting}'s current configuration, so reloads apply. Thread-safe: one lock guards the
 * escalations; a timer thread (or {@link #runDue()} in tests) sends the steps.
 */
public final class EscalationManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EscalationManager.class);
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  /** How long the notification log remembers an escalation step's delivery. */
  private static final Duration STEP_REPEAT = Duration.ofHours(4);

  private final NotificationManager alerting;
  private final EscalationStore store;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Escalation> byGroup = new HashMap<>(); // guarded by lock
  private boolean loaded; // guarded by lock
  private boolean running; // guarded by lock
  private @Nullable Thread timer;

  public EscalationManager(NotificationManager alerting, EscalationStore store, InstantSource clock) {
    this.alerting = alerting;
    this.store = store;
    this.clock = clock;
    alerting.addFlushObserver(this::observe);
  }

  // guarded by lock
  private void load() {
    if (!loaded) {
      for (Escalation e : store.loadAll()) {
        byGroup.put(e.groupKey(), e);
      }
      loaded = true;
    }
  }

  /** Starts the timer thread (steps due while stopped are sent at once). */
  public void start() {
    lock.lock();
    try {
      load();
      running = true;
      timer = Thread.ofVirtual().name("escalation").start(this::runTimer);
    } finally {
      lock.unlock();
    }
    log.atInfo().addKeyValue("component", "escalation").addKeyValue("open", byGroupSize()).log("started");
  }

  private int byGroupSize() {
    lock.lock();
    try {
      return byGroup.size();
    } finally {
      lock.unlock();
    }
  }

  private List<TrackedAlert> observe(NotifyContext ctx, List<TrackedAlert> alerts) {
    NotificationsConfig config = alerting.config();
    Optional<EscalationPolicy> policy = alerting.route().find(ctx.routeId()).flatMap(Route::escalation)
        .flatMap(config::escalationPolicy);
    if (policy.isEmpty()) {
      return alerts;
    }
    Set<Long> firing = new HashSet<>();
    List<NotifiedAlert> firingAlerts = new ArrayList<>();
    for (TrackedAlert a : alerts) {
      if (!a.isResolvedAt(ctx.now())) {
        firing.add(a.fingerprint());
        firingAlerts.add(NotifiedAlert.of(a, ctx.now()));
      }
    }
    lock.lock();
    try {
      load();
      Escalation e = byGroup.get(ctx.groupKey());
      if (firing.isEmpty()) {
        if (e != null) {
          notifyResolved(e, alerts, ctx.now());
          end(e, "resolved");
        }
        return alerts;
      }
      Notification latest = new Notification(ctx.receiver(), ctx.groupKey(), ctx.groupLabels(), firingAlerts,
          alerting.externalUrl());
      Escalation next = e == null
          ? new Escalation(ctx.groupKey(), policy.get().name(), ctx.now(), 0, Escalation.State.OPEN, firing, latest, Optional.empty(), "",
              ctx.now())
          : e.withLatest(firing, latest, ctx.now());
      store.save(next);
      byGroup.put(next.groupKey(), next);
      if (e == null) {
        log.atInfo().addKeyValue("component", "escalation").addKeyValue("group", ctx.groupKey())
            .addKeyValue("policy", policy.get().name()).log("escalation started");
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return alerts;
  }

  // guarded by lock
  private void end(Escalation e, String why) {
    store.delete(e.groupKey());
    byGroup.remove(e.groupKey());
    log.atInfo().addKeyValue("component", "escalation").addKeyValue("group", e.groupKey()).addKeyValue("reason", why)
        .log("escalation ended");
  }

  /** Notifies the steps due at the clock's now; returns how many steps were notified. */
  public int runDue() {
    Instant now = clock.instant();
    NotificationsConfig config = alerting.config();
    int steps = 0;
    lock.lock();
    try {
      load();
      for (Escalation e : new ArrayList<>(byGroup.values())) {
        Optional<EscalationPolicy> p = config.escalationPolicy(e.policy());
        if (p.isEmpty()) {
          continue; // the policy went away with a reload: the escalation waits, and ends with its group
        }
        Escalation cur = e;
        while (cur.nextAt(p.get()).filter(t -> !t.isAfter(now)).isPresent()) {
          notifyStep(cur, p.get().steps().get(cur.nextStep()), now);
          cur = cur.advanced(now);
          steps++;
        }
        if (cur != e) {
          store.save(cur);
          byGroup.put(cur.groupKey(), cur);
        }
      }
    } finally {
      lock.unlock();
    }
    return steps;
  }

  private void notifyStep(Escalation e, EscalationPolicy.Step step, Instant now) {
    for (String receiver : step.receivers()) {
      List<Integration> integrations = alerting.integrations(receiver);
      Notification n = new Notification(receiver, e.groupKey(), e.latest().groupLabels(), e.latest().alerts(), e.latest().externalUrl());
      for (Integration in : integrations) {
        alerting.deliverer().enqueue(new OutboxEntry(0, in.key(), e.groupKey(), n, e.firing(), Set.of(), STEP_REPEAT, now, 0, now, ""));
      }
      log.atInfo().addKeyValue("component", "escalation").addKeyValue("group", e.groupKey()).addKeyValue("step", e.nextStep() + 1)
          .addKeyValue("receiver", receiver).addKeyValue("integrations", integrations.size()).log("escalated");
    }
  }

  // The receivers of the steps already notified learn that the group resolved (integrations with
  // send_resolved), so a PagerDuty incident or Opsgenie alert a step opened is closed too.
  private void notifyResolved(Escalation e, List<TrackedAlert> alerts, Instant now) {
    Optional<EscalationPolicy> p = alerting.config().escalationPolicy(e.policy());
    if (p.isEmpty() || e.nextStep() == 0) {
      return;
    }
    List<NotifiedAlert> resolved = alerts.stream().map(a -> NotifiedAlert.of(a, now)).toList();
    Set<Long> fingerprints = new HashSet<>();
    resolved.forEach(a -> fingerprints.add(a.fingerprint()));
    Set<String> receivers = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(e.nextStep(), p.get().steps().size()); i++) {
      receivers.addAll(p.get().steps().get(i).receivers());
    }
    for (String receiver : receivers) {
      Notification n = new Notification(receiver, e.groupKey(), e.latest().groupLabels(), resolved, e.latest().externalUrl());
      for (Integration in : alerting.integrations(receiver)) {
        if (in.sendResolved()) {
          alerting.deliverer().enqueue(new OutboxEntry(0, in.key(), e.groupKey(), n, Set.of(), fingerprints, STEP_REPEAT, now, 0, now, ""));
        }
      }
    }
  }

  /**
   * Acknowledges the escalations of the groups in which the alert with this fingerprint fires: no
   * further steps are notified. Returns them.
   */
  public List<Escalation> acknowledge(long fingerprint, String by) {
    Instant now = clock.instant();
    List<Escalation> out = new ArrayList<>();
    lock.lock();
    try {
      load();
      for (Escalation e : new ArrayList<>(byGroup.values())) {
        if (e.firing().contains(fingerprint)) {
          Escalation acked = e.acknowledged(by, now);
          store.save(acked);
          byGroup.put(acked.groupKey(), acked);
          out.add(acked);
        }
      }
    } finally {
      lock.unlock();
    }
    out.forEach(e -> log.atInfo().addKeyValue("component", "escalation").addKeyValue("group", e.groupKey()).addKeyValue("by", by)
        .log("escalation acknowledged"));
    return out;
  }

  /**
   * Closes an alert by hand: it leaves the escalations of its groups (a group with no firing alert
   * left ends its escalation), and it is resolved in the alert store, so its receivers get the
   * resolution at the next flush. Should its source still send it firing, it fires again (and a
   * new escalation begins). Returns whether the alert was firing in the alert store.
   */
  public boolean resolve(long fingerprint, String by) {
    Instant now = clock.instant();
    lock.lock();
    try {
      load();
      for (Escalation e : new ArrayList<>(byGroup.values())) {
        if (e.firing().contains(fingerprint)) {
          Set<Long> rest = new HashSet<>(e.firing());
          rest.remove(fingerprint);
          if (rest.isEmpty()) {
            end(e, "resolved by " + by);
          } else {
            List<NotifiedAlert> kept = e.latest().alerts().stream().filter(a -> a.fingerprint() != fingerprint).toList();
            Notification n = new Notification(e.latest().receiver(), e.groupKey(), e.latest().groupLabels(), kept, e.latest().externalUrl());
            Escalation updated = e.withLatest(rest, n, now);
            store.save(updated);
            byGroup.put(updated.groupKey(), updated);
          }
        }
      }
    } finally {
      lock.unlock();
    }
    Optional<TrackedAlert> stored = alerting.alerts().get(fingerprint).filter(a -> !a.isResolvedAt(now));
    stored.ifPresent(t -> {
      Alert a = t.alert();
      alerting.send(List.of(new Alert(a.labels(), a.annotations(), a.startsAt(), now, a.generatorUrl())));
    });
    return stored.isPresent();
  }

  /** The escalations under way, oldest first. */
  public List<Escalation> escalations() {
    lock.lock();
    try {
      load();
      return byGroup.values().stream().sorted(Comparator.comparing(Escalation::startedAt).thenComparing(Escalation::groupKey)).toList();
    } finally {
      lock.unlock();
    }
  }

  private void runTimer() {
    while (true) {
      try {
        runDue();
        lock.lock();
        try {
          if (!running) {
            return;
          }
          Instant now = clock.instant();
          Instant next = now.plus(MAX_WAIT);
          NotificationsConfig config = alerting.config();
          for (Escalation e : byGroup.values()) {
            Optional<Instant> due = config.escalationPolicy(e.policy()).flatMap(e::nextAt);
            if (due.isPresent() && due.get().isBefore(next)) {
              next = due.get();
            }
          }
          long wait = Duration.between(now, next).toMillis();
          if (wait > 0) {
            changed.await(wait, TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atError().addKeyValue("component", "escalation").setCause(e).log("escalation round failed");
        lock.lock();
        try {
          if (!running) {
            return;
          }
          changed.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS); // back off from a failing store
        } catch (InterruptedException ie) {
          return;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Stops the timer thread. */
  @Override
  public void close() {
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
    }
  }
}

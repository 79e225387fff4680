package io.watchkeeper.probe;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor's schedule, checks and state. Checks start on a fixed grid: the phase within the
 * interval comes from a hash of the monitor's name (stable across restarts, spreading monitors
 * evenly, as Prometheus spreads scrapes); a check that overruns its slot skips the slots it
 * missed. After each check the state machine applies the failure and recovery thresholds, the
 * samples and the state series are written, and a transition goes to the history.
 *
 * <p>Thread-safe. State is guarded by {@code lock}; writing (samples, history) by {@code
 * writeLock}, which {@link #finish} takes too, so nothing is written after the loop is finished.
 */
final class MonitorLoop {
  private static final Logger log = LoggerFactory.getLogger(MonitorLoop.class);

  /** What every loop shares. */
  record Env(ProbeTimer timer, LongSupplier nanoTime, SampleWriter writer, ProbeMetrics metrics, StatusHistory history,
      Duration grace) {
    InstantSource clock() {
      return timer.clock();
    }
  }

  private final MonitorConfig config;
  private final Prober prober;
  private final Env env;
  private final Labels base;
  private final CheckRunner runner;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  // guarded by lock:
  private Status status = Status.UNKNOWN;
  private Instant since = Instant.EPOCH;
  private String reason = "not checked yet";
  private @Nullable CheckResult last;
  private int failures;
  private int successes;
  private ProbeTimer.@Nullable Cancellable pending;
  private boolean stopped;
  // guarded by writeLock:
  private Set<Labels> series = new HashSet<>();
  private boolean finished;

  /**
   * @param previous the loop this one replaces (same name, changed definition): its state and
   *     series carry over; null for a new monitor, whose state is restored from the history
   */
  MonitorLoop(MonitorConfig config, Prober prober, Env env, @Nullable MonitorLoop previous) {
    this.config = config;
    this.prober = prober;
    this.env = env;
    this.base = config.seriesLabels();
    this.runner = new CheckRunner(config, prober, env.clock(), env.nanoTime(), env.grace(), env.metrics().abandoned::inc);
    if (previous != null) {
      previous.copyStateTo(this);
    } else {
      restore();
    }
  }

  MonitorConfig config() {
    return config;
  }

  private void copyStateTo(MonitorLoop next) {
    lock.lock();
    try {
      next.status = status;
      next.since = since;
      next.reason = reason;
      next.last = last;
      next.failures = failures;
      next.successes = successes;
    } finally {
      lock.unlock();
    }
    writeLock.lock();
    try {
      next.series = new HashSet<>(series);
    } finally {
      writeLock.unlock();
    }
  }

  /** Takes the status a previous run left (after a crash: the last run ended without a stop). */
  private void restore() {
    try {
      Optional<StatusChange> lastChange = env.history().latestAtOrBefore(config.name(), env.clock().instant());
      if (lastChange.isPresent() && lastChange.get().to() != Status.UNKNOWN) {
        status = lastChange.get().to();
        since = lastChange.get().at();
        reason = lastChange.get().reason();
      }
    } catch (StatusHistoryException e) {
      env.metrics().historyFailures.inc();
      log.atWarn().addKeyValue("component", "probe").addKeyValue("monitor", config.name()).setCause(e)
          .log("cannot read the monitor's last status; starting as unknown");
    }
  }

  /** Schedules the first check at the monitor's next phase slot. */
  void start() {
    Instant first = firstCheck(env.clock().instant(), config.interval(), config.name());
    lock.lock();
    try {
      if (!stopped) {
        pending = env.timer().schedule(first, () -> run(first));
      }
    } finally {
      lock.unlock();
    }
  }

  /** The first grid time at or after {@code now} whose offset in the interval is the name's phase. */
  static Instant firstCheck(Instant now, Duration interval, String name) {
    long iv = interval.toMillis();
    long t = now.toEpochMilli();
    long phase = Math.floorMod(phaseHash(name), iv);
    long slot = t - Math.floorMod(t, iv) + phase;
    if (slot < t) {
      slot += iv;
    }
    return Instant.ofEpochMilli(slot);
  }

  /** FNV-1a of the name, mixed (names differing in one digit must land far apart). */
  private static long phaseHash(String name) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      h ^= name.charAt(i);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  private void run(Instant due) {
    if (isStopped()) {
      return;
    }
    Instant start = env.clock().instant();
    env.metrics().scheduleLag.observe(Math.max(0, Duration.between(due, start).toNanos()) / 1e9);
    Instant nextDue = due.plus(config.interval());
    try {
      CheckRunner.Check check = runner.run(nextDue);
      record(check);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // stopping
    } catch (RuntimeException e) {
      // the storage refused the batch as a whole, or a bug: keep the monitor on its schedule regardless
      log.atError().addKeyValue("component", "probe").addKeyValue("monitor", config.name()).setCause(e)
          .log("cannot record a check");
    }
    Instant now = env.clock().instant();
    int skipped = 0;
    while (nextDue.isBefore(now)) {
      nextDue = nextDue.plus(config.interval());
      skipped++;
    }
    if (skipped > 0) {
      env.metrics().skipped.inc(skipped);
    }
    Instant at = nextDue;
    lock.lock();
    try {
      if (!stopped) {
        pending = env.timer().schedule(at, () -> run(at));
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean isStopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }

  private void record(CheckRunner.Check check) {
    CheckResult r = check.result();
    writeLock.lock();
    try {
      if (finished || isStopped()) {
        return; // a check that ran into a stop: its result belongs to no one
      }
      Optional<StatusChange> change;
      Status now;
      int failuresNow;
      lock.lock();
      try {
        change = apply(r);
        now = status;
        failuresNow = failures;
      } finally {
        lock.unlock();
      }
      ProbeSamples samples = check.samples();
      for (Status s : Status.values()) {
        samples.add("watchkeeper_monitor_status", s == now, "status", s.text());
      }
      samples.add("watchkeeper_monitor_consecutive_failures", failuresNow);
      series = env.writer().write(base, r.startedAt().toEpochMilli(), samples.samples(), series);
      change.ifPresent(this::keep);
    } finally {
      writeLock.unlock();
    }
    String result = switch (r.verdict()) {
      case UNHEALTHY -> "failure";
      case UNKNOWN -> "unknown";
      default -> "success";
    };
    env.metrics().checks.labelValues(config.type().configName(), result).inc();
    env.metrics().checkDuration.labelValues(config.type().configName()).observe(r.duration().toNanos() / 1e9);
  }

  /**
   * The state machine: down after {@code failureThreshold} failed checks in a row, up again after
   * {@code recoveryThreshold} passing ones; between healthy and degraded at once; an unknown
   * verdict (a group that cannot tell) changes nothing. Caller holds {@code lock}.
   */
  private Optional<StatusChange> apply(CheckResult r) {
    last = r;
    Status v = r.verdict();
    if (v == Status.UNKNOWN) {
      return Optional.empty();
    }
    if (v == Status.UNHEALTHY) {
      failures++;
      successes = 0;
      return status != Status.UNHEALTHY && failures >= config.failureThreshold() ? transition(Status.UNHEALTHY, r)
          : Optional.empty();
    }
    successes++;
    failures = 0;
    if (status == Status.UNHEALTHY) {
      return successes >= config.recoveryThreshold() ? transition(v, r) : Optional.empty();
    }
    return status != v ? transition(v, r) : Optional.empty();
  }

  private Optional<StatusChange> transition(Status to, CheckResult r) {
    StatusChange c = new StatusChange(config.name(), status, to, r.startedAt(), r.message());
    status = to;
    since = r.startedAt();
    reason = r.message();
    return Optional.of(c);
  }

  /** Writes a transition to the history and the log. Caller holds {@code writeLock}. */
  private void keep(StatusChange c) {
    log.atInfo().addKeyValue("component", "probe").addKeyValue("monitor", c.monitor()).addKeyValue("from", c.from().text())
        .addKeyValue("to", c.to().text()).addKeyValue("reason", c.reason()).log("monitor status changed");
    try {
      env.history().record(c);
    } catch (StatusHistoryException e) {
      env.metrics().historyFailures.inc();
      log.atWarn().addKeyValue("component", "probe").addKeyValue("monitor", c.monitor()).setCause(e)
          .log("cannot record a status change; uptime will miss it");
    }
  }

  /** The state now. */
  MonitorState state() {
    lock.lock();
    try {
      return new MonitorState(config, status, since, reason, Optional.ofNullable(last), failures, successes);
    } finally {
      lock.unlock();
    }
  }

  /** Stops scheduling and interrupts a running check; nothing more is recorded. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    } finally {
      lock.unlock();
    }
    runner.interrupt();
  }

  /**
   * Stops for good: closes the prober and, unless a new loop takes over ({@code why} empty),
   * records the monitor as unknown from now (Watchkeeper no longer watches it) and, with {@code
   * markStale}, marks its series stale.
   */
  void finish(Optional<String> why, boolean markStale) {
    stop();
    writeLock.lock();
    try {
      if (finished) {
        return;
      }
      finished = true;
      Instant now = env.clock().instant();
      if (why.isPresent()) {
        Optional<StatusChange> c;
        lock.lock();
        try {
          c = status == Status.UNKNOWN ? Optional.empty()
              : Optional.of(new StatusChange(config.name(), status, Status.UNKNOWN, now, why.get()));
          status = Status.UNKNOWN;
          since = now;
          reason = why.get();
        } finally {
          lock.unlock();
        }
        c.ifPresent(this::keep);
      }
      if (markStale) {
        env.writer().markStale(series, now.toEpochMilli());
        series = Set.of();
      }
    } finally {
      writeLock.unlock();
    }
    prober.close();
  }
}

package io.watchkeeper.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the monitors and runs each on its own schedule (the probe side of Prometheus' {@code
 * scrape.Manager}): checks on virtual threads, each bounded by its timeout, so a host that hangs,
 * resets, drips an endless body or presents a bad certificate fails its own check with a reason and
 * never delays another monitor.
 *
 * <p>{@link #applyConfig} validates the whole list first and changes nothing on error; then
 * monitors whose definition is unchanged keep running untouched, changed ones keep their state
 * (status, counts, series) under a new prober and schedule, new ones start (their status restored
 * from the history), and removed ones stop, have their series marked stale and their status
 * recorded as unknown ("removed from the configuration").
 *
 * <p>What it writes, through the {@link ProbeSchedulerOptions#appendable()}, every series labelled
 * {@code monitor="<name>"} plus the monitor's labels: blackbox_exporter's {@code probe_*} series of
 * each prober, {@code probe_success}, {@code probe_duration_seconds}, and the state series {@code
 * watchkeeper_monitor_status{status="healthy|degraded|unhealthy|unknown"}} (1 for the current
 * status, 0 for the others; "unhealthy" is down: the failure threshold is already applied) and
 * {@code watchkeeper_monitor_consecutive_failures}.
 *
 * <p>Lifecycle: construct, {@link #applyConfig} (before or after {@link #start()}), {@link
 * #start()}, {@link #close()}; close records every known monitor as unknown ("Watchkeeper
 * stopped") so downtime of Watchkeeper itself does not count against uptime, and closes the timer.
 * Thread-safe.
 *
 * <pre>{@code
 * ProbeScheduler probes = new ProbeScheduler(ProbeSchedulerOptions.standard(storage, history, registry, version));
 * probes.applyConfig(loadedMonitors);
 * probes.start();
 * ...
 * probes.close();
 * }</pre>
 */
public final class ProbeScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);
  private static final Duration PRUNE_EVERY = Duration.ofDays(1);

  private final ProbeSchedulerOptions options;
  private final ProbeMetrics metrics;
  private final MonitorLoop.Env env;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Map<String, MonitorLoop> loops = Map.of(); // replaced whole under lock; config order
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private ProbeTimer.Cancellable pruning = () -> {}; // guarded by lock

  public ProbeScheduler(ProbeSchedulerOptions options) {
    this.options = options;
    this.metrics = new ProbeMetrics(options.registry());
    this.env = new MonitorLoop.Env(options.timer(), options.nanoTime(), new SampleWriter(options.appendable(), metrics), metrics,
        options.history(), options.grace());
  }

  /** Starts checking the monitors applied so far (and, from now on, those applied later). */
  public void start() {
    lock.lock();
    try {
      if (started || closed) {
        return;
      }
      started = true;
      loops.values().forEach(MonitorLoop::start);
      schedulePruning(options.timer().clock().instant());
      log.atInfo().addKeyValue("component", "probe").addKeyValue("monitors", loops.size()).log("probe scheduler started");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the monitors.
   *
   * @throws MonitorConfigException listing every problem (duplicate names, groups naming unknown
   *     monitors or other groups, definitions a prober cannot use); the running monitors stay as
   *     they were
   */
  public void applyConfig(List<MonitorConfig> configs) throws MonitorConfigException {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("BUG: applyConfig after close");
      }
      validate(configs);
      Map<String, MonitorLoop> old = new LinkedHashMap<>(loops);
      Map<String, Prober> fresh = createProbers(configs, old);
      Map<String, MonitorLoop> next = new LinkedHashMap<>();
      for (MonitorConfig c : configs) {
        MonitorLoop previous = old.remove(c.name());
        if (previous != null && !fresh.containsKey(c.name())) {
          next.put(c.name(), previous);
          continue;
        }
        if (previous != null) {
          previous.stop();
        }
        MonitorLoop loop = new MonitorLoop(c, fresh.get(c.name()), env, previous);
        if (previous != null) {
          previous.finish(Optional.empty(), false);
        }
        next.put(c.name(), loop);
      }
      for (MonitorLoop removed : old.values()) {
        removed.finish(Optional.of("monitor removed from the configuration"), true);
      }
      loops = java.util.Collections.unmodifiableMap(next);
      if (started) {
        for (MonitorConfig c : configs) {
          if (fresh.containsKey(c.name())) {
            next.get(c.name()).start();
          }
        }
      }
      Map<MonitorType, Integer> counts = new EnumMap<>(MonitorType.class);
      configs.forEach(c -> counts.merge(c.type(), 1, Integer::sum));
      metrics.monitorCounts(counts);
      log.atInfo().addKeyValue("component", "probe").addKeyValue("monitors", next.size()).addKeyValue("changed", fresh.size())
          .addKeyValue("removed", old.size()).log("monitor configuration applied");
    } finally {
      lock.unlock();
    }
  }

  private static void validate(List<MonitorConfig> configs) throws MonitorConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, MonitorConfig> byName = new LinkedHashMap<>();
    for (MonitorConfig c : configs) {
      if (byName.putIfAbsent(c.name(), c) != null) {
        problems.add("monitor \"" + c.name() + "\": the name is used twice");
      }
    }
    for (MonitorConfig c : configs) {
      if (c.spec() instanceof GroupSpec g) {
        for (String m : g.members()) {
          MonitorConfig member = byName.get(m);
          if (member == null) {
            problems.add("monitor \"" + c.name() + "\": member \"" + m + "\" is not a configured monitor");
          } else if (member.spec() instanceof GroupSpec) {
            problems.add("monitor \"" + c.name() + "\": member \"" + m + "\" is a group; groups cannot contain groups");
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new MonitorConfigException(problems);
    }
  }

  /** Probers for new and changed monitors; all or none (closing what was made on failure). */
  private Map<String, Prober> createProbers(List<MonitorConfig> configs, Map<String, MonitorLoop> old)
      throws MonitorConfigException {
    Map<String, Prober> fresh = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (MonitorConfig c : configs) {
      MonitorLoop previous = old.get(c.name());
      if (previous != null && previous.config().equals(c)) {
        continue;
      }
      try {
        fresh.put(c.name(), options.probers().create(c, this::state));
      } catch (IllegalArgumentException e) {
        problems.add("monitor \"" + c.name() + "\": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      fresh.values().forEach(Prober::close);
      throw new MonitorConfigException(problems);
    }
    return fresh;
  }

  private void schedulePruning(Instant at) {
    pruning = options.timer().schedule(at, () -> {
      Instant now = options.timer().clock().instant();
      try {
        int removed = options.history().prune(now.minus(options.historyRetention()));
        log.atDebug().addKeyValue("component", "probe").addKeyValue("removed", removed).log("status history pruned");
      } catch (StatusHistoryException e) {
        metrics.historyFailures.inc();
        log.atWarn().addKeyValue("component", "probe").setCause(e).log("cannot prune the status history");
      }
      lock.lock();
      try {
        if (!closed) {
          schedulePruning(now.plus(PRUNE_EVERY));
        }
      } finally {
        lock.unlock();
      }
    });
  }

  /** Every monitor's state, in configuration order. */
  public List<MonitorState> states() {
    List<MonitorState> out = new ArrayList<>();
    for (MonitorLoop l : loops.values()) {
      out.add(l.state());
    }
    return out;
  }

  /** The state of monitor {@code name}, if configured. */
  public Optional<MonitorState> state(String name) {
    MonitorLoop l = loops.get(name);
    return l == null ? Optional.empty() : Optional.of(l.state());
  }

  /** The status history the scheduler writes (for uptime). */
  public StatusHistory history() {
    return options.history();
  }

  /** The names of the monitors, in configuration order. */
  public List<String> names() {
    return List.copyOf(loops.keySet());
  }

  /**
   * Stops every monitor (interrupting running checks), records each known monitor as unknown from
   * now, and closes the timer. The history and the appendable stay open: their owner closes them.
   */
  @Override
  public void close() {
    Map<String, MonitorLoop> toStop;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pruning.cancel();
      toStop = loops;
    } finally {
      lock.unlock();
    }
    toStop.values().forEach(MonitorLoop::stop);
    for (MonitorLoop l : toStop.values()) {
      l.finish(Optional.of("Watchkeeper stopped watching"), false);
    }
    options.timer().close();
    log.atInfo().addKeyValue("component", "probe").log("probe scheduler stopped");
  }
}

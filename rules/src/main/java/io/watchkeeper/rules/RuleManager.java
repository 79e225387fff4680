package io.watchkeeper.rules;

import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.parser.ExprPrinter;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.rules.template.TemplateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the rule groups and runs each on its own schedule (Prometheus {@code rules.Manager}).
 *
 * <p>{@link #applyConfig} validates all groups first and changes nothing on error; then groups
 * whose definition is unchanged keep running untouched, changed groups take over the state of the
 * group they replace (alerts, and the series each rule wrote, so staleness is right), new groups
 * start, and removed groups stop and mark their series stale two intervals later. The first
 * configuration applied restores alerts' {@code for} state from {@code ALERTS_FOR_STATE}.
 *
 * <p>Lifecycle: construct, {@link #applyConfig} (before or after {@link #start()}), {@link
 * #start()} once storage is ready, {@link #close()} to stop; close also closes the scheduler.
 * Thread-safe.
 */
public final class RuleManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RuleManager.class);

  private final RuleManagerOptions options;
  private final RuleMetrics metrics;
  private final RuleGroup.Environment env;
  private final ReentrantLock lock = new ReentrantLock();
  private Map<String, GroupLoop> loops = new LinkedHashMap<>(); // guarded by lock; key file;name
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private boolean applied; // guarded by lock: a configuration was applied before

  public RuleManager(RuleManagerOptions options) {
    this.options = options;
    this.metrics = new RuleMetrics(options.registry());
    this.env = new RuleGroup.Environment(options.queryFunction(), options.appendable(), options.queryable(),
        options.alertSink(), options.scheduler().clock(), metrics, options.resendDelay(), options.outageTolerance(),
        options.forGracePeriod());
  }

  /** The options the manager was built with. */
  public RuleManagerOptions options() {
    return options;
  }

  /** Starts evaluating the groups applied so far (and, from now on, those applied later). */
  public void start() {
    lock.lock();
    try {
      if (started || closed) {
        return;
      }
      started = true;
      for (GroupLoop l : loops.values()) {
        l.start();
      }
      log.atInfo().addKeyValue("component", "rules").addKeyValue("groups", loops.size()).log("rule manager started");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Replaces the rule groups.
   *
   * @throws RuleConfigException listing every group and rule that cannot be loaded; the running
   *     groups are left as they were
   */
  public void applyConfig(List<RuleGroupConfig> configs) throws RuleConfigException {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("BUG: applyConfig after close");
      }
      boolean shouldRestore = !applied;
      List<RuleGroup> groups = build(configs, shouldRestore);
      Map<String, GroupLoop> next = new LinkedHashMap<>();
      Map<String, GroupLoop> old = new LinkedHashMap<>(loops);
      for (RuleGroup g : groups) {
        GroupLoop previous = old.remove(g.key());
        if (previous != null && previous.group().sameDefinition(g)) {
          next.put(g.key(), previous);
          continue;
        }
        if (previous != null) {
          previous.stop();
          g.copyState(previous.group());
        }
        metrics.addGroup(g.key(), g.interval(), g.rules().size());
        GroupLoop loop = new GroupLoop(g, options.scheduler(), metrics, shouldRestore);
        next.put(g.key(), loop);
        if (started) {
          loop.start();
        }
      }
      for (GroupLoop removed : old.values()) {
        removed.stop();
        metrics.removeGroup(removed.group().key());
        scheduleStaleMarkers(removed.group());
      }
      loops = next;
      applied = true;
      log.atInfo().addKeyValue("component", "rules").addKeyValue("groups", next.size())
          .addKeyValue("removed", old.size()).log("rule configuration applied");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the series of a removed group stale, timestamped now but written two intervals later, so
   * that a renamed rule has written its series first (Prometheus does the same).
   */
  private void scheduleStaleMarkers(RuleGroup group) {
    Instant now = options.scheduler().clock().instant();
    Instant at = now.plus(group.interval().multipliedBy(2));
    options.scheduler().schedule(at, () -> {
      lock.lock();
      try {
        if (closed) {
          return;
        }
      } finally {
        lock.unlock();
      }
      group.markAllStale(now.toEpochMilli());
    });
  }

  /**
   * Builds groups from configuration without running them (for {@code promtool test rules}-style
   * evaluation, which calls {@link RuleGroup#evaluate} itself). Alerting rules start restored.
   */
  public List<RuleGroup> loadGroups(List<RuleGroupConfig> configs) throws RuleConfigException {
    List<RuleGroup> groups = build(configs, false);
    for (RuleGroup g : groups) {
      metrics.addGroup(g.key(), g.interval(), g.rules().size());
    }
    return groups;
  }

  private List<RuleGroup> build(List<RuleGroupConfig> configs, boolean shouldRestore) throws RuleConfigException {
    List<String> problems = new ArrayList<>();
    List<RuleGroup> groups = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (RuleGroupConfig c : configs) {
      if (!keys.add(c.key())) {
        problems.add(c.file() + ": groupname: \"" + c.name() + "\" is repeated in the same file");
        continue;
      }
      List<Rule> rules = new ArrayList<>();
      for (int i = 0; i < c.rules().size(); i++) {
        RuleConfig rc = c.rules().get(i);
        try {
          rules.add(buildRule(c, rc, shouldRestore));
        } catch (RuleConfigException e) {
          for (String p : e.problems()) {
            problems.add(c.file() + ": group \"" + c.name() + "\", rule " + (i + 1) + ", \"" + rc.name() + "\": " + p);
          }
        }
      }
      Duration interval = c.interval().orElse(options.evaluationInterval());
      Duration offset = c.queryOffset().orElse(options.queryOffset());
      groups.add(new RuleGroup(c.name(), c.file(), interval, c.limit(), offset, rules, env));
    }
    if (!problems.isEmpty()) {
      throw new RuleConfigException(problems);
    }
    return groups;
  }

  private Rule buildRule(RuleGroupConfig group, RuleConfig rc, boolean shouldRestore) throws RuleConfigException {
    String query;
    try {
      query = ExprPrinter.print(PromqlParser.parseExpr(rc.expr()));
    } catch (ParseException e) {
      throw new RuleConfigException(List.of("could not parse expression: " + e.getMessage()));
    }
    Map<String, String> labels = new TreeMap<>(group.labels());
    labels.putAll(rc.labels());
    return switch (rc) {
      case RecordingRuleConfig r -> {
        if (!options.nameValidation().isValidMetricName(r.record()) || r.record().contains("{")
            || r.record().contains("}")) {
          throw new RuleConfigException(List.of("invalid recording rule name: " + r.record()));
        }
        yield new RecordingRule(r.record(), query, labels);
      }
      case AlertingRuleConfig a -> {
        try {
          yield new AlertingRule(a.alert(), query, a.forDuration(), a.keepFiringFor(), labels, a.annotations(),
              options.externalLabels(), options.externalUrl(), !shouldRestore);
        } catch (TemplateException e) {
          throw new RuleConfigException(List.of(e.getMessage()));
        }
      }
    };
  }

  /** The running groups, in configuration order (for {@code /api/v1/rules}). */
  public List<RuleGroup> groups() {
    lock.lock();
    try {
      List<RuleGroup> out = new ArrayList<>(loops.size());
      for (GroupLoop l : loops.values()) {
        out.add(l.group());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The pending and firing alerts of every alerting rule (for {@code /api/v1/alerts}). */
  public List<ActiveAlert> activeAlerts() {
    List<ActiveAlert> out = new ArrayList<>();
    for (RuleGroup g : groups()) {
      for (AlertingRule r : g.alertingRules()) {
        out.addAll(r.activeAlerts());
      }
    }
    return out;
  }

  /** Stops every group (waiting for running evaluations) and closes the scheduler. */
  @Override
  public void close() {
    List<GroupLoop> toStop;
    boolean wasStarted;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      wasStarted = started;
      toStop = new ArrayList<>(loops.values());
    } finally {
      lock.unlock();
    }
    for (GroupLoop l : toStop) {
      l.stop();
    }
    options.scheduler().close();
    if (wasStarted) {
      log.atInfo().addKeyValue("component", "rules").log("rule manager stopped");
    }
  }
}

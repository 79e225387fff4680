package io.watchkeeper.rules;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded rule group (Prometheus {@code rules.Group}): rules evaluated in order at each
 * evaluation time, their results written through the {@link Appendable}, alerts handed to the
 * {@link AlertSink}. Series a rule wrote last time and no longer produces get a staleness marker,
 * as do the series of rules removed by a reload. Evaluation times are aligned to the interval with a
 * per-group offset computed as Prometheus computes it ({@link #evalTimestampNanos}), so groups
 * spread over the interval and keep their slot across restarts.
 *
 * <p>Thread-safety: {@link #evaluate} runs one evaluation at a time (guarded by {@code evalLock});
 * the accessors may be read from any thread.
 */
public final class RuleGroup {
  private static final Logger log = LoggerFactory.getLogger(RuleGroup.class);

  private final String name;
  private final String file;
  private final Duration interval;
  private final int limit;
  private final Duration queryOffset;
  private final List<Rule> rules;
  private final Environment env;
  private final long offsetNanos;

  private final ReentrantLock evalLock = new ReentrantLock();
  /** Per rule, the series its last evaluation wrote; guarded by {@code evalLock}. */
  private final List<Set<Labels>> seriesInPreviousEval;
  /** Series of rules that are gone, to mark stale at the next evaluation; guarded by {@code evalLock}. */
  private List<Labels> staleSeries = new ArrayList<>();
  private volatile boolean stopped;
  private volatile @Nullable Instant lastEvaluation;
  private volatile Duration evaluationTime = Duration.ZERO;
  private volatile long lastEvalTimestampMillis = Long.MIN_VALUE;

  /** What every group of a manager shares. */
  record Environment(QueryFunction query, Appendable appendable, Queryable queryable, AlertSink sink,
      InstantSource clock, RuleMetrics metrics, Duration resendDelay, Duration outageTolerance,
      Duration forGracePeriod) {}

  RuleGroup(String name, String file, Duration interval, int limit, Duration queryOffset, List<Rule> rules,
      Environment env) {
    this.name = name;
    this.file = file;
    this.interval = interval;
    this.limit = limit;
    this.queryOffset = queryOffset;
    this.rules = List.copyOf(rules);
    this.env = env;
    this.seriesInPreviousEval = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      seriesInPreviousEval.add(new HashSet<>());
    }
    long hash = XxHash64.labelsHash("file", file, "name", name);
    this.offsetNanos = Long.remainderUnsigned(hash, interval.toNanos());
  }

  public String name() {
    return name;
  }

  /** The file the group was loaded from. */
  public String file() {
    return file;
  }

  /** The group's key, {@code file;name}, as Prometheus' metrics label it. */
  public String key() {
    return file + ";" + name;
  }

  public Duration interval() {
    return interval;
  }

  /** Most series or alerts per rule; 0 for no limit. */
  public int limit() {
    return limit;
  }

  public Duration queryOffset() {
    return queryOffset;
  }

  /** The rules, in evaluation order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The alerting rules, in evaluation order. */
  public List<AlertingRule> alertingRules() {
    List<AlertingRule> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof AlertingRule a) {
        out.add(a);
      }
    }
    return out;
  }

  /** When the last evaluation started (wall clock), if there was one. */
  public Optional<Instant> lastEvaluation() {
    return Optional.ofNullable(lastEvaluation);
  }

  /** How long the last evaluation took. */
  public Duration evaluationTime() {
    return evaluationTime;
  }

  /** The evaluation timestamp of the last evaluation (the slot, not the wall clock), if any. */
  public Optional<Instant> lastEvaluationTimestamp() {
    long t = lastEvalTimestampMillis;
    return t == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t));
  }

  /** The group's fixed offset within its interval, in nanoseconds. */
  long offsetNanos() {
    return offsetNanos;
  }

  /**
   * The latest evaluation slot at or before {@code nowNanos} (epoch ns): slots are {@code offset +
   * k * interval} (Prometheus {@code Group.EvalTimestamp}).
   */
  long evalTimestampNanos(long nowNanos) {
    long intervalNanos = interval.toNanos();
    long adjusted = nowNanos - offsetNanos;
    long base = adjusted - Math.floorMod(adjusted, intervalNanos);
    return base + offsetNanos;
  }

  // --- evaluation ----------------------------------------------------------------------------

  /**
   * Evaluates every rule at {@code ts}, writes results and staleness markers, and sends alerts.
   * A failing rule is recorded (health, last error, failure counter) and does not stop the others.
   */
  public void evaluate(Instant ts) {
    evalLock.lock();
    try {
      Instant started = env.clock().instant();
      long tsMillis = ts.toEpochMilli();
      int samples = 0;
      for (int i = 0; i < rules.size() && !stopped; i++) {
        samples += evaluateRule(i, tsMillis);
      }
      Duration took = Duration.between(started, env.clock().instant());
      env.metrics().lastSamples.labelValues(key()).set(samples);
      env.metrics().groupDuration.observe(took.toNanos() / 1e9);
      env.metrics().lastDuration.labelValues(key()).set(took.toNanos() / 1e9);
      env.metrics().lastEvaluation.labelValues(key()).set(started.toEpochMilli() / 1000.0);
      cleanupStaleSeries(tsMillis);
      evaluationTime = took;
      lastEvaluation = started;
      lastEvalTimestampMillis = tsMillis;
    } finally {
      evalLock.unlock();
    }
  }

  /** Evaluates rule {@code i}; returns how many samples it produced. */
  private int evaluateRule(int i, long ts) {
    Rule rule = rules.get(i);
    Instant started = env.clock().instant();
    env.metrics().evaluations.labelValues(key()).inc();
    List<Sample> vector;
    try {
      vector = rule.evaluate(ts, queryOffset.toMillis(), env.query(), limit);
    } catch (RuleEvaluationException e) {
      // A rule failing the same way every interval is logged once, then at debug (health and the
      // failure counter keep reporting it).
      boolean repeated = rule.lastError().filter(err -> err.equals(e.getMessage())).isPresent();
      rule.recordOutcome(RuleHealth.ERR, e.getMessage(), started, since(started));
      env.metrics().failures.labelValues(key()).inc();
      (repeated ? log.atDebug() : log.atWarn()).addKeyValue("component", "rules").addKeyValue("file", file)
          .addKeyValue("group", name).addKeyValue("rule", rule.name()).addKeyValue("index", i)
          .addKeyValue("err", e.getMessage()).log("evaluating rule failed");
      return 0;
    }
    String appendError = null;
    if (rule instanceof AlertingRule ar) {
      sendAlerts(ar, ts);
    }
    appendError = write(i, rule, vector, ts);
    Duration took = since(started);
    env.metrics().ruleDuration.observe(took.toNanos() / 1e9);
    if (appendError != null) {
      rule.recordOutcome(RuleHealth.ERR, appendError, started, took);
      env.metrics().failures.labelValues(key()).inc();
    } else {
      rule.recordOutcome(RuleHealth.OK, null, started, took);
    }
    return vector.size();
  }

  private Duration since(Instant started) {
    return Duration.between(started, env.clock().instant());
  }

  private void sendAlerts(AlertingRule rule, long ts) {
    List<Alert> alerts = rule.alertsToSend(ts, env.resendDelay().toMillis(), interval.toMillis());
    try {
      rule.reportPending(env.sink());
      if (!alerts.isEmpty()) {
        env.sink().send(alerts);
      }
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("component", "rules").addKeyValue("group", name).addKeyValue("rule", rule.name())
          .setCause(e).log("alert sink failed");
    }
  }

  /**
   * Appends the rule's samples and staleness markers for series it no longer produces; returns the
   * error to record on the rule, or null.
   */
  private @Nullable String write(int i, Rule rule, List<Sample> vector, long ts) {
    Appender app = env.appendable().appender();
    Set<Labels> returned = new HashSet<>(vector.size() * 2);
    Map<AppendException.Reason, Integer> rejected = new HashMap<>();
    String error = null;
    for (Sample s : vector) {
      try {
        FloatHistogram h = s.histogram();
        if (h != null) {
          app.appendHistogram(0, s.labels(), s.timestamp(), h);
        } else {
          app.append(0, s.labels(), s.timestamp(), s.value());
        }
        returned.add(s.labels());
      } catch (AppendException e) {
        error = e.getMessage();
        rejected.merge(e.reason(), 1, Integer::sum);
      }
    }
    long staleAt = ts - queryOffset.toMillis();
    for (Labels l : seriesInPreviousEval.get(i)) {
      if (!returned.contains(l)) {
        try {
          app.append(0, l, staleAt, StaleMarker.STALE_NAN);
        } catch (AppendException e) {
          // Out of order, too old or duplicate: another rule wrote the series since; expected.
          logUnexpectedRejection(e, l);
        }
      }
    }
    try {
      app.commit();
    } catch (StorageException e) {
      log.atWarn().addKeyValue("component", "rules").addKeyValue("group", name).addKeyValue("rule", rule.name())
          .setCause(e).log("rule sample appending failed");
      return "cannot append rule samples: " + e.getMessage();
    }
    seriesInPreviousEval.set(i, returned);
    if (!rejected.isEmpty()) {
      log.atWarn().addKeyValue("component", "rules").addKeyValue("group", name).addKeyValue("rule", rule.name())
          .addKeyValue("rejected", rejected).log("rule evaluation results discarded by storage");
    }
    return error;
  }

  private void logUnexpectedRejection(AppendException e, Labels series) {
    switch (e.reason()) {
      case OUT_OF_ORDER, OUT_OF_BOUNDS, DUPLICATE_SAMPLE -> {
        // expected when the series is written by another rule
      }
      default -> log.atWarn().addKeyValue("component", "rules").addKeyValue("group", name)
          .addKeyValue("series", series).addKeyValue("err", e.getMessage()).log("adding stale sample failed");
    }
  }

  /** Writes staleness markers for series of rules that no longer exist. Caller holds {@code evalLock}. */
  private void cleanupStaleSeries(long ts) {
    if (staleSeries.isEmpty()) {
      return;
    }
    Appender app = env.appendable().appender();
    long staleAt = ts - queryOffset.toMillis();
    for (Labels l : staleSeries) {
      try {
        app.append(0, l, staleAt, StaleMarker.STALE_NAN);
      } catch (AppendException e) {
        logUnexpectedRejection(e, l);
      }
    }
    try {
      app.commit();
      staleSeries = new ArrayList<>();
    } catch (StorageException e) {
      log.atWarn().addKeyValue("component", "rules").addKeyValue("group", name).setCause(e)
          .log("stale sample appending for previous configuration failed");
    }
  }

  // --- lifecycle across reloads --------------------------------------------------------------

  /** Stops evaluation after the rule being evaluated, and waits for a running evaluation to end. */
  void stop() {
    stopped = true;
    evalLock.lock();
    evalLock.unlock();
  }

  /**
   * Marks every series the group wrote as stale at {@code tsMillis}: for a group removed by a
   * reload. The group must be stopped.
   */
  void markAllStale(long tsMillis) {
    evalLock.lock();
    try {
      for (Set<Labels> s : seriesInPreviousEval) {
        staleSeries.addAll(s);
        s.clear();
      }
      cleanupStaleSeries(tsMillis);
    } finally {
      evalLock.unlock();
    }
  }

  /**
   * Takes over the state of the group this one replaces (Prometheus {@code CopyState}): timings,
   * each rule's previously written series and, for alerting rules, their alerts. Rules are matched
   * by name and labels, duplicates in order; series of rules that are gone are marked stale at the
   * next evaluation.
   */
  void copyState(RuleGroup from) {
    from.evalLock.lock();
    evalLock.lock();
    try {
      evaluationTime = from.evaluationTime;
      lastEvaluation = from.lastEvaluation;
      lastEvalTimestampMillis = from.lastEvalTimestampMillis;
      Map<String, List<Integer>> byIdentity = new HashMap<>();
      for (int fi = 0; fi < from.rules.size(); fi++) {
        byIdentity.computeIfAbsent(from.rules.get(fi).identity(), k -> new ArrayList<>()).add(fi);
      }
      for (int i = 0; i < rules.size(); i++) {
        List<Integer> candidates = byIdentity.get(rules.get(i).identity());
        if (candidates == null || candidates.isEmpty()) {
          continue;
        }
        int fi = candidates.remove(0);
        seriesInPreviousEval.set(i, new HashSet<>(from.seriesInPreviousEval.get(fi)));
        if (rules.get(i) instanceof AlertingRule ar && from.rules.get(fi) instanceof AlertingRule far) {
          ar.copyStateFrom(far);
        }
      }
      staleSeries = new ArrayList<>(from.staleSeries);
      for (List<Integer> unmatched : byIdentity.values()) {
        for (int fi : unmatched) {
          staleSeries.addAll(from.seriesInPreviousEval.get(fi));
        }
      }
    } finally {
      evalLock.unlock();
      from.evalLock.unlock();
    }
  }

  /**
   * Restores the {@code for} state of the alerting rules from storage (see {@link
   * AlertingRule#restoreForState}); called after the second evaluation following a start.
   */
  void restoreForState(long nowMillis) {
    long tolerance = env.outageTolerance().toMillis();
    try (Querier q = env.queryable().querier(nowMillis - tolerance, nowMillis)) {
      for (AlertingRule r : alertingRules()) {
        r.restoreForState(q, nowMillis, env.forGracePeriod().toMillis());
      }
    } catch (StorageException e) {
      log.atError().addKeyValue("component", "rules").addKeyValue("group", name).setCause(e)
          .log("cannot restore 'for' state of alerts");
      for (AlertingRule r : alertingRules()) {
        r.setRestored(true);
      }
    }
  }

  /**
   * Whether {@code other} has the same definition (Prometheus {@code Group.Equals}): then a reload
   * keeps this group running untouched.
   */
  boolean sameDefinition(RuleGroup other) {
    if (!name.equals(other.name) || !file.equals(other.file) || !interval.equals(other.interval)
        || limit != other.limit || !queryOffset.equals(other.queryOffset) || rules.size() != other.rules.size()) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).definition().equals(other.rules.get(i).definition())) {
        return false;
      }
    }
    return true;
  }
}

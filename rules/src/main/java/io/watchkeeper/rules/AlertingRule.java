package io.watchkeeper.rules;

import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.Vector;
import io.watchkeeper.rules.template.AlertTemplateData;
import io.watchkeeper.rules.template.Template;
import io.watchkeeper.rules.template.TemplateException;
import io.watchkeeper.rules.template.TemplateExpander;
import io.watchkeeper.rules.template.TemplateQuery;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alerting rule (Prometheus {@code AlertingRule}): every series its expression returns is an
 * alert, {@code pending} until it has been returned for {@code for}, then {@code firing}; when it
 * is no longer returned it is resolved ({@code inactive}), or keeps firing for {@code
 * keep_firing_for}. Resolved alerts are kept 15 minutes so the notification side hears about the
 * resolution even if a send fails. Each evaluation writes the {@code ALERTS} series (value 1, with
 * {@code alertstate}) and {@code ALERTS_FOR_STATE} (value: when the alert became active, in unix
 * seconds), which {@link #restoreForState} reads after a restart.
 *
 * <p>Thread-safety: evaluated by its group's thread; the alert map is guarded by {@code lock}, so
 * snapshots ({@link #activeAlerts()}, {@link #state()}) may be taken from any thread.
 */
public final class AlertingRule extends Rule {
  private static final Logger log = LoggerFactory.getLogger(AlertingRule.class);
  /** How long a resolved alert is kept and re-sent (Prometheus {@code resolvedRetention}). */
  static final long RESOLVED_RETENTION_MILLIS = Duration.ofMinutes(15).toMillis();
  static final String ALERTS = "ALERTS";
  static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";
  static final String ALERT_STATE = "alertstate";
  /** "Not set" for the time fields of an alert instance (epoch 0 is a valid time in tests). */
  private static final long NONE = Long.MIN_VALUE;

  private final long holdMillis;
  private final long keepFiringForMillis;
  private final Map<String, String> annotations;
  private final Map<String, Template> labelTemplates;
  private final Map<String, Template> annotationTemplates;
  private final Labels externalLabels;
  private final String externalUrl;
  private volatile boolean restored;
  private volatile boolean evaluated;
  private volatile @Nullable String lastTemplateError;

  private final ReentrantLock lock = new ReentrantLock();
  /** Pending, firing and recently resolved alerts by their labels; guarded by {@code lock}. */
  private final Map<Labels, Instance> active = new LinkedHashMap<>();
  /** Alerts that became pending / stopped pending in the last evaluation, for the sink; guarded by {@code lock}. */
  private final List<Instance> newlyPending = new ArrayList<>();
  private final List<Labels> pendingCleared = new ArrayList<>();

  /** One alert instance; mutable, guarded by the rule's {@code lock}. */
  private static final class Instance {
    final Labels labels;
    Labels annotations;
    AlertState state = AlertState.PENDING;
    double value;
    long activeAt;
    long firedAt = NONE;
    long resolvedAt = NONE;
    long lastSentAt = NONE;
    long validUntil = NONE;
    long keepFiringSince = NONE;

    Instance(Labels labels, Labels annotations, double value, long activeAt) {
      this.labels = labels;
      this.annotations = annotations;
      this.value = value;
      this.activeAt = activeAt;
    }

    ActiveAlert snapshot() {
      return new ActiveAlert(labels, annotations, state, value, Instant.ofEpochMilli(activeAt), instant(firedAt),
          instant(resolvedAt), instant(keepFiringSince));
    }

    private static Optional<Instant> instant(long t) {
      return t == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t));
    }
  }

  /**
   * An alerting rule; label and annotation templates must parse.
   *
   * @param restored whether the rule starts restored (writes ALERTS_FOR_STATE from its first
   *     evaluation); false when the group will restore state from storage first
   * @throws TemplateException when a label or annotation template does not parse
   */
  AlertingRule(String name, String query, Duration hold, Duration keepFiringFor, Map<String, String> labels,
      Map<String, String> annotations, Labels externalLabels, String externalUrl, boolean restored)
      throws TemplateException {
    super(name, query, labels);
    this.holdMillis = hold.toMillis();
    this.keepFiringForMillis = keepFiringFor.toMillis();
    this.annotations = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(annotations));
    this.externalLabels = externalLabels;
    this.externalUrl = externalUrl;
    this.restored = restored;
    this.labelTemplates = parseAll(name, labels);
    this.annotationTemplates = parseAll(name, annotations);
  }

  private static Map<String, Template> parseAll(String alert, Map<String, String> texts) throws TemplateException {
    Map<String, Template> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      out.put(e.getKey(), TemplateExpander.parseAlertTemplate(alert, e.getValue()));
    }
    return out;
  }

  /** How long an alert stays pending before it fires ({@code for}). */
  public Duration holdDuration() {
    return Duration.ofMillis(holdMillis);
  }

  /** How long an alert keeps firing after its condition is gone ({@code keep_firing_for}). */
  public Duration keepFiringFor() {
    return Duration.ofMillis(keepFiringForMillis);
  }

  /** The annotation templates, as configured. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** Whether the rule writes ALERTS and ALERTS_FOR_STATE (false until state was restored). */
  public boolean isRestored() {
    return restored;
  }

  /** Marks the rule restored (or not); {@code promtool test rules} treats rules as restored. */
  public void setRestored(boolean restored) {
    this.restored = restored;
  }

  /** The highest state of the rule's alerts; {@link AlertState#UNKNOWN} before the first evaluation. */
  public AlertState state() {
    if (!evaluated) {
      return AlertState.UNKNOWN;
    }
    lock.lock();
    try {
      AlertState max = AlertState.INACTIVE;
      for (Instance a : active.values()) {
        if (a.state.compareTo(max) > 0) {
          max = a.state;
        }
      }
      return max;
    } finally {
      lock.unlock();
    }
  }

  /** Snapshots of the pending and firing alerts (resolved ones excluded), in no particular order. */
  public List<ActiveAlert> activeAlerts() {
    lock.lock();
    try {
      List<ActiveAlert> out = new ArrayList<>(active.size());
      for (Instance a : active.values()) {
        if (a.resolvedAt == NONE) {
          out.add(a.snapshot());
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes over the alerts of the rule this one replaces after a reload (Prometheus {@code
   * CopyState}), so a reload keeps pending and firing alerts. {@code from} is no longer evaluated.
   */
  void copyStateFrom(AlertingRule from) {
    Map<Labels, Instance> copy;
    from.lock.lock();
    try {
      copy = new LinkedHashMap<>(from.active);
    } finally {
      from.lock.unlock();
    }
    lock.lock();
    try {
      active.putAll(copy);
    } finally {
      lock.unlock();
    }
  }

  // --- evaluation ----------------------------------------------------------------------------

  @Override
  List<Sample> evaluate(long ts, long queryOffsetMillis, QueryFunction query, int limit)
      throws RuleEvaluationException {
    List<Sample> result = queryVector(query, query(), ts - queryOffsetMillis);
    TemplateExpander expander = new TemplateExpander(templateQuery(query), ts, externalUrl);
    Map<Labels, Instance> current = new HashMap<>(result.size() * 2);
    Labels.Builder b = Labels.builder();
    for (Sample s : result) {
      if (s.isHistogram()) {
        throw new RuleEvaluationException("native histograms are not supported by alerting rules (series " + s.labels() + ")");
      }
      AlertTemplateData data = AlertTemplateData.of(s.labels(), externalLabels, externalUrl, s.value());
      b.reset(s.labels());
      b.delete(Labels.METRIC_NAME);
      for (Map.Entry<String, Template> e : labelTemplates.entrySet()) {
        b.set(e.getKey(), expand(expander, e.getValue(), data));
      }
      b.set(Alert.ALERT_NAME, name());
      Labels alertLabels = b.build();
      Labels.Builder ab = Labels.builder();
      for (Map.Entry<String, Template> e : annotationTemplates.entrySet()) {
        ab.set(e.getKey(), expand(expander, e.getValue(), data));
      }
      if (current.put(alertLabels, new Instance(alertLabels, ab.build(), s.value(), ts)) != null) {
        throw new RuleEvaluationException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
    }
    lock.lock();
    try {
      evaluated = true;
      return updateState(ts, queryOffsetMillis, current, limit);
    } finally {
      lock.unlock();
    }
  }

  /** Advances every alert's state; returns the ALERTS samples. Caller holds {@code lock}. */
  private List<Sample> updateState(long ts, long queryOffsetMillis, Map<Labels, Instance> current, int limit)
      throws RuleEvaluationException {
    for (Map.Entry<Labels, Instance> e : current.entrySet()) {
      Instance existing = active.get(e.getKey());
      if (existing != null && existing.state != AlertState.INACTIVE) {
        existing.value = e.getValue().value;
        existing.annotations = e.getValue().annotations;
        continue;
      }
      active.put(e.getKey(), e.getValue());
    }
    List<Sample> vec = new ArrayList<>();
    int numActivePending = 0;
    for (Iterator<Map.Entry<Labels, Instance>> it = active.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Labels, Instance> e = it.next();
      Instance a = e.getValue();
      if (!current.containsKey(e.getKey())) {
        boolean keepFiring = false;
        if (a.state == AlertState.FIRING && keepFiringForMillis > 0) {
          if (a.keepFiringSince == NONE) {
            a.keepFiringSince = ts;
          }
          keepFiring = ts - a.keepFiringSince < keepFiringForMillis;
        }
        if (a.state == AlertState.PENDING
            || (a.resolvedAt != NONE && ts - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
          it.remove();
        }
        if (a.state == AlertState.PENDING) {
          if (!newlyPending.remove(a)) {
            pendingCleared.add(a.labels);
          }
        }
        if (a.state != AlertState.INACTIVE && !keepFiring) {
          a.state = AlertState.INACTIVE;
          a.resolvedAt = ts;
        }
        if (!keepFiring) {
          continue;
        }
      } else {
        a.keepFiringSince = NONE;
      }
      numActivePending++;
      if (a.state == AlertState.PENDING && ts - a.activeAt >= holdMillis) {
        a.state = AlertState.FIRING;
        a.firedAt = ts;
        newlyPending.remove(a);
      } else if (a.state == AlertState.PENDING && a.activeAt == ts && current.get(e.getKey()) == a) {
        newlyPending.add(a);
      }
      if (restored) {
        long t = ts - queryOffsetMillis;
        vec.add(new Sample(seriesLabels(ALERTS, a.labels, a.state), t, 1));
        vec.add(new Sample(seriesLabels(ALERTS_FOR_STATE, a.labels, null), t, Math.floorDiv(a.activeAt, 1000)));
      }
    }
    if (limit > 0 && numActivePending > limit) {
      for (Instance a : active.values()) {
        if (a.state == AlertState.PENDING && !newlyPending.contains(a)) {
          pendingCleared.add(a.labels);
        }
      }
      newlyPending.clear();
      active.clear();
      throw new RuleEvaluationException("exceeded limit of " + limit + " with " + numActivePending + " alerts");
    }
    return vec;
  }

  private Labels seriesLabels(String metric, Labels alertLabels, @Nullable AlertState state) {
    Labels.Builder b = alertLabels.toBuilder();
    b.set(Labels.METRIC_NAME, metric);
    b.set(Alert.ALERT_NAME, name());
    if (state != null) {
      b.set(ALERT_STATE, state.apiName());
    }
    return b.build();
  }

  private String expand(TemplateExpander expander, Template t, AlertTemplateData data) {
    try {
      return expander.expandAlert(t, data);
    } catch (TemplateException e) {
      String msg = "error executing template " + t.name() + ": " + e.getMessage();
      if (!msg.equals(lastTemplateError)) {
        lastTemplateError = msg;
        log.atWarn().addKeyValue("component", "rules").addKeyValue("alert", name()).addKeyValue("err", msg)
            .log("expanding alert template failed");
      }
      return "<error expanding template: " + msg + ">";
    }
  }

  /** The template function {@code query} on top of the rules' query function. */
  static TemplateQuery templateQuery(QueryFunction query) {
    return (expr, t) -> {
      QueryValue v = query.query(expr, t);
      return switch (v) {
        case Vector vec -> {
          if (vec.samples().stream().anyMatch(Sample::isHistogram)) {
            throw new EvaluationException("native histograms are not supported by the query template function");
          }
          yield vec.samples();
        }
        case Scalar s -> List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value()));
        default -> throw new EvaluationException("rule result is not a vector or scalar");
      };
    };
  }

  // --- notification --------------------------------------------------------------------------

  /**
   * The alerts to hand to the sink after an evaluation at {@code ts} (Prometheus {@code
   * sendAlerts}): firing alerts not sent within {@code resendDelay}, and alerts resolved since they
   * were last sent. Marks them sent.
   */
  List<Alert> alertsToSend(long ts, long resendDelayMillis, long intervalMillis) {
    List<Alert> out = new ArrayList<>();
    lock.lock();
    try {
      for (Instance a : active.values()) {
        if (!needsSending(a, ts, resendDelayMillis)) {
          continue;
        }
        a.lastSentAt = ts;
        a.validUntil = ts + 4 * Math.max(intervalMillis, resendDelayMillis);
        long endsAt = a.resolvedAt != NONE ? a.resolvedAt : a.validUntil;
        out.add(new Alert(withExternalLabels(a.labels), a.annotations, Instant.ofEpochMilli(a.firedAt),
            Instant.ofEpochMilli(endsAt), externalUrl + graphTableLink(query())));
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /**
   * Hands the sink the alerts that became pending, or stopped pending without firing, since the
   * last call (for the alerts' history), then forgets them.
   */
  void reportPending(AlertSink sink) {
    List<Alert> started = new ArrayList<>();
    List<Labels> cleared;
    lock.lock();
    try {
      for (Instance a : newlyPending) {
        Instant at = Instant.ofEpochMilli(a.activeAt);
        started.add(new Alert(withExternalLabels(a.labels), a.annotations, at, at, externalUrl + graphTableLink(query())));
      }
      newlyPending.clear();
      cleared = new ArrayList<>(pendingCleared.size());
      for (Labels l : pendingCleared) {
        cleared.add(withExternalLabels(l));
      }
      pendingCleared.clear();
    } finally {
      lock.unlock();
    }
    started.forEach(sink::pending);
    cleared.forEach(sink::pendingCleared);
  }

  private static boolean needsSending(Instance a, long ts, long resendDelayMillis) {
    if (a.state == AlertState.PENDING) {
      return false;
    }
    if (a.resolvedAt != NONE && (a.lastSentAt == NONE || a.resolvedAt > a.lastSentAt)) {
      return true;
    }
    return a.lastSentAt == NONE || a.lastSentAt + resendDelayMillis < ts;
  }

  private Labels withExternalLabels(Labels labels) {
    if (externalLabels.isEmpty()) {
      return labels;
    }
    Labels.Builder b = labels.toBuilder();
    for (int i = 0; i < externalLabels.size(); i++) {
      if (!labels.has(externalLabels.name(i))) {
        b.set(externalLabels.name(i), externalLabels.value(i));
      }
    }
    return b.build();
  }

  /** Prometheus' {@code strutil.TableLinkForExpression}. */
  static String graphTableLink(String expr) {
    StringBuilder sb = new StringBuilder("/graph?g0.expr=");
    for (byte by : expr.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = by & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.append("&g0.tab=1").toString();
  }

  // --- restoring 'for' state -----------------------------------------------------------------

  /**
   * Restores when the rule's current alerts became active from the {@code ALERTS_FOR_STATE} series
   * written before a restart (Prometheus {@code RestoreForState}), so a restart does not start
   * their {@code for} again. The time the server was down does not count as pending time; an alert
   * that would fire within the grace period fires at the end of it instead. Marks the rule restored.
   *
   * @param querier reads the series, over at least {@code [now - outage tolerance, now]}
   * @param nowMillis the restoration time (wall clock)
   */
  void restoreForState(Querier querier, long nowMillis, long gracePeriodMillis) {
    if (holdMillis < gracePeriodMillis) {
      // Waiting for the grace period would delay the alert more than its own 'for' does.
      restored = true;
      return;
    }
    Map<Labels, long[]> lastSamples = lastForStateSamples(querier, nowMillis);
    if (!lastSamples.isEmpty()) {
      lock.lock();
      try {
        for (Instance a : active.values()) {
          long[] tv = lastSamples.get(a.labels);
          if (tv != null) {
            a.activeAt = restoredActiveAt(tv[0], tv[1], nowMillis, gracePeriodMillis);
            log.atDebug().addKeyValue("alert", name()).addKeyValue("labels", a.labels)
                .addKeyValue("restored_active_at", Instant.ofEpochMilli(a.activeAt)).log("'for' state restored");
          }
        }
      } finally {
        lock.unlock();
      }
    }
    restored = true;
  }

  /** The last non-stale sample of each ALERTS_FOR_STATE series, by labels without the metric name. */
  private Map<Labels, long[]> lastForStateSamples(Querier querier, long nowMillis) {
    List<Matcher> matchers = new ArrayList<>();
    matchers.add(Matcher.of(MatchType.EQUAL, Labels.METRIC_NAME, ALERTS_FOR_STATE));
    matchers.add(Matcher.of(MatchType.EQUAL, Alert.ALERT_NAME, name()));
    for (Map.Entry<String, String> l : labels().entrySet()) {
      if (!l.getValue().contains("{{") && !l.getValue().isEmpty()) {
        matchers.add(Matcher.of(MatchType.EQUAL, l.getKey(), l.getValue()));
      }
    }
    Map<Labels, long[]> out = new HashMap<>();
    SeriesSet set = querier.select(false, SelectHints.range(Long.MIN_VALUE, nowMillis), matchers);
    SampleIterator it = null;
    while (set.next()) {
      it = set.at().iterator(it);
      long t = NONE;
      double v = 0;
      while (it.next()) {
        t = it.timestamp();
        v = it.value();
      }
      if (t != NONE && !StaleMarker.isStale(v)) {
        out.put(set.at().labels().withoutMetricName(), new long[] {t, (long) v});
      }
    }
    return out;
  }

  private long restoredActiveAt(long lastT, long activeAtSeconds, long nowMillis, long gracePeriodMillis) {
    long downAt = Math.floorDiv(lastT, 1000) * 1000; // Prometheus keeps whole seconds here
    long restoredActiveAt = activeAtSeconds * 1000;
    long timeSpentPending = downAt - restoredActiveAt;
    long timeRemainingPending = holdMillis - timeSpentPending;
    if (timeRemainingPending <= 0) {
      // It was firing when the server went down: it fires again at the next evaluation.
      return restoredActiveAt;
    }
    if (timeRemainingPending < gracePeriodMillis) {
      // Fire at the end of the grace period at the earliest.
      return nowMillis + gracePeriodMillis - holdMillis;
    }
    // The time the server was down does not count as pending time.
    return restoredActiveAt + (nowMillis - downAt);
  }

  @Override
  String definition() {
    return "alert: " + name() + "\nexpr: " + query() + "\nfor: " + holdMillis + "\nkeep_firing_for: "
        + keepFiringForMillis + "\nlabels: " + labels() + "\nannotations: " + annotations + "\n";
  }
}

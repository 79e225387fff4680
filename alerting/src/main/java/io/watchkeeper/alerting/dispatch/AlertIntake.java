package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.AlertingMetrics;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Where alerts enter alerting, from our rules ({@code rules.AlertSink}) or from {@code POST
 * /api/v2/alerts}: fills in what Alertmanager's API fills in, validates, and stores the valid
 * ones.
 *
 * <ul>
 *   <li>{@code updatedAt} is now;
 *   <li>a missing {@code startsAt} ({@link TrackedAlert#ZERO_TIME}) becomes {@code endsAt} if that is
 *       set, else now;
 *   <li>a missing {@code endsAt} becomes now + resolve_timeout (default 5m), marked as a timeout so
 *       a later explicit end wins when merging.
 * </ul>
 *
 * Thread-safe.
 */
public final class AlertIntake {
  /** Alertmanager's default {@code global.resolve_timeout}. */
  public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);

  private final AlertStore store;
  private final InstantSource clock;
  private final AlertingMetrics metrics;
  private volatile Duration resolveTimeout;

  public AlertIntake(AlertStore store, InstantSource clock, Duration resolveTimeout, AlertingMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.resolveTimeout = resolveTimeout;
  }

  /** Sets the resolve timeout of a new configuration. */
  public void setResolveTimeout(Duration resolveTimeout) {
    this.resolveTimeout = resolveTimeout;
  }

  /**
   * Stores the valid alerts and reports the invalid ones: the messages of Alertmanager's {@code
   * Alert.Validate} ({@code start time missing}, {@code start time must be before end time},
   * {@code invalid label set: invalid name "1a"}, {@code at least one label pair required}); empty
   * when all were stored.
   */
  public List<String> accept(List<Alert> alerts) {
    Instant now = clock.instant();
    Duration timeout = resolveTimeout;
    List<TrackedAlert> valid = new ArrayList<>(alerts.size());
    List<String> errors = new ArrayList<>();
    for (Alert a : alerts) {
      TrackedAlert t = withDefaults(a, now, timeout);
      metrics.alertsReceived.labelValues(t.endsAt().isAfter(now) ? "firing" : "resolved").inc();
      String problem = validate(t.alert());
      if (problem.isEmpty()) {
        valid.add(t);
      } else {
        metrics.alertsInvalid.inc();
        errors.add(problem);
      }
    }
    store.put(valid);
    return errors;
  }

  private static TrackedAlert withDefaults(Alert a, Instant now, Duration resolveTimeout) {
    Instant starts = a.startsAt();
    Instant ends = a.endsAt();
    if (starts.equals(TrackedAlert.ZERO_TIME)) {
      starts = ends.equals(TrackedAlert.ZERO_TIME) ? now : ends;
    }
    boolean timeout = false;
    if (ends.equals(TrackedAlert.ZERO_TIME)) {
      ends = now.plus(resolveTimeout);
      timeout = true;
    }
    return new TrackedAlert(new Alert(a.labels(), a.annotations(), starts, ends, a.generatorUrl()), now, timeout);
  }

  /** Alertmanager's {@code model.Alert.Validate}; empty when valid. */
  static String validate(Alert a) {
    if (a.startsAt().equals(TrackedAlert.ZERO_TIME)) {
      return "start time missing";
    }
    if (!a.endsAt().equals(TrackedAlert.ZERO_TIME) && a.endsAt().isBefore(a.startsAt())) {
      return "start time must be before end time";
    }
    String bad = invalidName(a.labels());
    if (!bad.isEmpty()) {
      return "invalid label set: invalid name \"" + bad + "\"";
    }
    if (a.labels().isEmpty()) {
      return "at least one label pair required";
    }
    bad = invalidName(a.annotations());
    if (!bad.isEmpty()) {
      return "invalid annotations: invalid name \"" + bad + "\"";
    }
    return "";
  }

  private static String invalidName(Labels labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (!Labels.isValidLabelName(labels.name(i))) {
        return labels.name(i);
      }
    }
    return "";
  }
}

package io.watchkeeper.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as rule evaluation hands it to notification and as Alertmanager's API carries it: its
 * identifying labels (with {@code alertname}), annotations, when it started and until when it holds.
 * An alert whose {@code endsAt} is not after "now" is resolved. Immutable.
 *
 * @param labels identifying labels, including {@code alertname}
 * @param annotations descriptive labels (summary, description, runbook_url, ...)
 * @param startsAt when the alert started firing
 * @param endsAt when it was resolved, or until when it counts as firing if not refreshed
 * @param generatorUrl a link back to what produced the alert (an expression browser URL), or empty
 */
public record Alert(Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorUrl) {
  /** The label holding the alert's name. */
  public static final String ALERT_NAME = "alertname";

  public Alert {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(generatorUrl, "generatorUrl");
  }

  /** The value of the {@code alertname} label. */
  public String name() {
    return labels.get(ALERT_NAME);
  }

  /** Whether the alert has ended at {@code now}. */
  public boolean isResolvedAt(Instant now) {
    return !endsAt.isAfter(now);
  }
}

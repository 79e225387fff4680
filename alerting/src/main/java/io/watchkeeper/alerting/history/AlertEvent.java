package io.watchkeeper.alerting.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an alert's timeline. Immutable.
 *
 * @param alertId the {@link AlertRecord#id()} it belongs to
 * @param detail the integration notified, who acknowledged or resolved, or empty
 */
public record AlertEvent(long alertId, EventType type, Instant at, String detail) {
  public AlertEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(detail, "detail");
  }
}

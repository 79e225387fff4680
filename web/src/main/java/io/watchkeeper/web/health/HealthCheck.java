package io.watchkeeper.web.health;

import io.watchkeeper.probe.Status;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code checks}: a monitor or one of Watchkeeper's own checks, with the details
 * {@code /api/health/detailed} adds.
 *
 * @param durationMillis how long the check took (the seeds' {@code duration})
 * @param timestamp when it ran
 * @param details extra fields for the detailed view: strings, numbers, booleans, nested maps and
 *     lists of them
 */
public record HealthCheck(String name, Status status, String message, long durationMillis, Instant timestamp,
    Map<String, Object> details) {
  public HealthCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(timestamp, "timestamp");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }
}

package io.watchkeeper.web.health;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What the health API reports about Watchkeeper itself, and the limits of its own checks.
 *
 * @param version the {@code version} field
 * @param environment the {@code environment} field (e.g. {@code production})
 * @param startTime when Watchkeeper started: the {@code uptime} field counts from it
 * @param degradedPercent disk or memory use above this is degraded (the seeds: 80)
 * @param unhealthyPercent disk or memory use above this is unhealthy (the seeds: 90)
 */
public record HealthOptions(String version, String environment, Instant startTime, InstantSource clock, double degradedPercent,
    double unhealthyPercent) {
  public HealthOptions {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(clock, "clock");
    if (!(degradedPercent > 0 && degradedPercent < unhealthyPercent && unhealthyPercent <= 100)) {
      throw new IllegalArgumentException("need 0 < degradedPercent < unhealthyPercent <= 100");
    }
  }

  /** The seeds' limits: degraded above 80 %, unhealthy above 90 %. */
  public static HealthOptions of(String version, String environment, Instant startTime, InstantSource clock) {
    return new HealthOptions(version, environment, startTime, clock, 80, 90);
  }
}

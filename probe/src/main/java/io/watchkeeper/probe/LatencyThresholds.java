package io.watchkeeper.probe;

import java.time.Duration;
import java.util.Optional;

/**
 * Latency verdicts ({@code thresholds: {degraded: 200ms, unhealthy: 1000ms}}): a check slower than
 * {@code degraded} is degraded, slower than {@code unhealthy} unhealthy (a failure). Either may be
 * absent. The seeds' figures are the defaults for databases (200 ms / 1 s) and Redis (100 ms / 500
 * ms); other types have none.
 */
public record LatencyThresholds(Optional<Duration> degraded, Optional<Duration> unhealthy) {
  /** No latency verdicts. */
  public static final LatencyThresholds NONE = new LatencyThresholds(Optional.empty(), Optional.empty());

  public LatencyThresholds {
    degraded.ifPresent(d -> positive("degraded", d));
    unhealthy.ifPresent(d -> positive("unhealthy", d));
    if (degraded.isPresent() && unhealthy.isPresent() && degraded.get().compareTo(unhealthy.get()) >= 0) {
      throw new IllegalArgumentException("thresholds.degraded (" + degraded.get().toMillis()
          + "ms) must be below thresholds.unhealthy (" + unhealthy.get().toMillis() + "ms)");
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("thresholds." + name + " must be > 0, got " + d);
    }
  }

  /** Both thresholds. */
  public static LatencyThresholds of(Duration degraded, Duration unhealthy) {
    return new LatencyThresholds(Optional.of(degraded), Optional.of(unhealthy));
  }

  /** The defaults of a monitor type (the seeds' figures for PostgreSQL and Redis). */
  public static LatencyThresholds defaultFor(MonitorType type) {
    return switch (type) {
      case POSTGRES -> of(Duration.ofMillis(200), Duration.ofMillis(1000));
      case REDIS -> of(Duration.ofMillis(100), Duration.ofMillis(500));
      default -> NONE;
    };
  }

  /** The verdict for a check that took {@code d}. */
  public Status verdict(Duration d) {
    if (unhealthy.isPresent() && d.compareTo(unhealthy.get()) > 0) {
      return Status.UNHEALTHY;
    }
    if (degraded.isPresent() && d.compareTo(degraded.get()) > 0) {
      return Status.DEGRADED;
    }
    return Status.HEALTHY;
  }
}

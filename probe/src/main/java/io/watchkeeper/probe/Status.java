package io.watchkeeper.probe;

import java.util.Locale;

/**
 * A monitor's health, in the seeds' words. {@link #UNKNOWN} until the first verdict (and while
 * Watchkeeper does not watch the monitor); {@link #UNHEALTHY} is "down".
 */
public enum Status {
  UNKNOWN,
  HEALTHY,
  DEGRADED,
  UNHEALTHY;

  /** {@code healthy}, {@code degraded}, {@code unhealthy}, {@code unknown}: the API's and the state series' word. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the monitor counts as up (healthy or degraded) for uptime. */
  public boolean isUp() {
    return this == HEALTHY || this == DEGRADED;
  }

  /** The worse of two verdicts (unknown is better than degraded and worse than healthy). */
  public Status worse(Status other) {
    return rank() >= other.rank() ? this : other;
  }

  private int rank() {
    return switch (this) {
      case HEALTHY -> 0;
      case UNKNOWN -> 1;
      case DEGRADED -> 2;
      case UNHEALTHY -> 3;
    };
  }

  /** The status called {@code s} (any case). */
  public static Status parse(String s) {
    return valueOf(s.strip().toUpperCase(Locale.ROOT));
  }
}

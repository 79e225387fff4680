package io.watchkeeper.probe;

import java.util.Objects;

/**
 * What one probe attempt found, before latency thresholds: {@link Status#HEALTHY} when everything
 * passed, {@link Status#DEGRADED} when it passed with a warning (a certificate about to expire, a
 * group with some members down), {@link Status#UNHEALTHY} when it failed, {@link Status#UNKNOWN}
 * when it cannot tell yet (a group none of whose members has been checked), which leaves the
 * monitor's state as it is. The message says why, in
 * words for operators ("HTTP 200", "expected status 200, got 503", "connection refused by
 * 10.0.0.5:443").
 */
public record ProbeOutcome(Status status, String message) {
  public ProbeOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** Passed. */
  public static ProbeOutcome healthy(String message) {
    return new ProbeOutcome(Status.HEALTHY, message);
  }

  /** Passed with a warning. */
  public static ProbeOutcome degraded(String message) {
    return new ProbeOutcome(Status.DEGRADED, message);
  }

  /** Failed. */
  public static ProbeOutcome failed(String message) {
    return new ProbeOutcome(Status.UNHEALTHY, message);
  }

  /** Cannot tell yet. */
  public static ProbeOutcome unknown(String message) {
    return new ProbeOutcome(Status.UNKNOWN, message);
  }

  /** Whether the attempt failed. */
  public boolean failed() {
    return status == Status.UNHEALTHY;
  }
}

package io.watchkeeper.probe;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor as the scheduler sees it now: its status (after failure and recovery thresholds),
 * since when and why, and its last check. A snapshot; immutable.
 *
 * @param since when the status began ({@link Instant#EPOCH} when never checked)
 * @param reason the message of the check that set the status
 * @param lastCheck the latest check, which may disagree with the status (a first failure below
 *     the failure threshold)
 * @param consecutiveFailures failed checks in a row, up to now
 * @param consecutiveSuccesses passing checks in a row, up to now
 */
public record MonitorState(MonitorConfig config, Status status, Instant since, String reason, Optional<CheckResult> lastCheck,
    int consecutiveFailures, int consecutiveSuccesses) {
  public MonitorState {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(lastCheck, "lastCheck");
  }

  /** The monitor's name. */
  public String name() {
    return config.name();
  }

  /** The monitor's type. */
  public MonitorType type() {
    return config.type();
  }

  /** The monitor's labels. */
  public Map<String, String> labels() {
    return config.labels();
  }

  /**
   * The message to show: the last check's, saying how far it is from changing the status when it
   * disagrees with it.
   */
  public String message() {
    if (lastCheck.isEmpty()) {
      return status == Status.UNKNOWN ? "not checked yet" : reason;
    }
    CheckResult c = lastCheck.get();
    if (c.failed() && status != Status.UNHEALTHY) {
      return "check failed (" + consecutiveFailures + " of " + config.failureThreshold() + " before down): " + c.message();
    }
    if (!c.failed() && status == Status.UNHEALTHY && c.verdict() != Status.UNKNOWN) {
      return "recovering (" + consecutiveSuccesses + " of " + config.recoveryThreshold() + " passing checks before up): "
          + c.message();
    }
    return c.message();
  }
}

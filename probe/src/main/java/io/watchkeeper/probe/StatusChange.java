package io.watchkeeper.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of a monitor's status, with the reason: the history uptime is computed from.
 *
 * @param at when the transition happened (the start of the check that caused it)
 * @param reason the check's message, or why watching started or stopped
 */
public record StatusChange(String monitor, Status from, Status to, Instant at, String reason) {
  public StatusChange {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}

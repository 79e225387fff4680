package io.watchkeeper.probe;

import io.watchkeeper.probe.net.Deadline;
import java.time.Instant;
import java.util.Objects;

/**
 * What a probe attempt is given: the monitor's name, when the attempt started by the scheduler's
 * clock (for certificate expiry and journey timestamps) and the deadline it must finish by.
 */
public record ProbeContext(String monitor, Instant startedAt, Deadline deadline) {
  public ProbeContext {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(deadline, "deadline");
  }
}

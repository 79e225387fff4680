package io.watchkeeper.probe;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.Appendable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a {@link ProbeScheduler} is built from.
 *
 * @param appendable where probe samples go
 * @param history where status transitions go
 * @param timer when checks start; its clock timestamps samples and transitions
 * @param nanoTime a monotonic clock for durations and deadlines ({@code System::nanoTime})
 * @param probers makes each monitor's prober
 * @param registry where the scheduler's own metrics are registered
 * @param grace how long past its deadline a check attempt may run before it is abandoned
 * @param historyRetention how long status transitions are kept (uptime needs 90 days)
 */
public record ProbeSchedulerOptions(Appendable appendable, StatusHistory history, ProbeTimer timer, LongSupplier nanoTime,
    ProberFactory probers, PrometheusRegistry registry, Duration grace, Duration historyRetention) {
  /** Keeps 91 days: the 90-day uptime window and the status at its start. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(91);

  public ProbeSchedulerOptions {
    Objects.requireNonNull(appendable, "appendable");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(timer, "timer");
    Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(probers, "probers");
    Objects.requireNonNull(registry, "registry");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    if (historyRetention.compareTo(Duration.ofDays(90)) < 0) {
      throw new IllegalArgumentException("history retention must cover the 90-day uptime window, got " + historyRetention);
    }
  }

  /**
   * The production setup: virtual-thread timer on the system clock, {@code System::nanoTime}, the
   * standard probers, one second of grace, 91 days of history.
   *
   * @param version what HTTP checks put in their User-Agent
   */
  public static ProbeSchedulerOptions standard(Appendable appendable, StatusHistory history, PrometheusRegistry registry,
      String version) {
    return new ProbeSchedulerOptions(appendable, history, new VirtualThreadProbeTimer(), System::nanoTime,
        Probers.standard(version), registry, Duration.ofSeconds(1), DEFAULT_HISTORY_RETENTION);
  }
}

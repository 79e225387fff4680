package io.watchkeeper.probe;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Checks a monitor once, outside any schedule: what {@code watchkeeper probe URL...} runs. Thread-safe:
 * each call makes its own prober.
 */
public final class OneShotCheck {
  private final ProberFactory probers;
  private final InstantSource clock;
  private final LongSupplier nanoTime;

  public OneShotCheck(ProberFactory probers, InstantSource clock, LongSupplier nanoTime) {
    this.probers = probers;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /**
   * The verdict of one check and the samples it measured (with {@code probe_success} and {@code
   * probe_duration_seconds}).
   *
   * @param result the verdict after retries and latency thresholds
   * @param samples blackbox_exporter's series, without the monitor's labels
   */
  public record Report(CheckResult result, List<ProbeSamples.Sample> samples) {
    public Report {
      samples = List.copyOf(samples);
    }

    /** The first value of {@code name} without extra labels, if measured. */
    public java.util.OptionalDouble value(String name) {
      for (ProbeSamples.Sample s : samples) {
        if (s.name().equals(name) && s.labels().isEmpty()) {
          return java.util.OptionalDouble.of(s.value());
        }
      }
      return java.util.OptionalDouble.empty();
    }
  }

  /**
   * Runs {@code config}'s check now. A group has no members to read here and reports unknown.
   *
   * @throws InterruptedException if the calling thread is interrupted
   */
  public Report run(MonitorConfig config) throws InterruptedException {
    try (Prober p = probers.create(config, name -> java.util.Optional.empty())) {
      CheckRunner runner = new CheckRunner(config, p, clock, nanoTime, Duration.ofSeconds(1), () -> {});
      CheckRunner.Check c = runner.run(clock.instant().plus(config.interval()));
      return new Report(c.result(), c.samples().samples());
    }
  }
}

package io.watchkeeper.probe;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One item of {@code monitors:}: what to check ({@link ProbeSpec}), how often, how long a check may
 * take, and when the monitor counts as down. Immutable; equal configs mean an unchanged monitor on
 * reload.
 *
 * @param name unique; every series of the monitor carries {@code monitor="<name>"}
 * @param interval time between check starts
 * @param timeout the most a check may take (at most the interval)
 * @param retries extra attempts within one check when an attempt fails (each with the full timeout,
 *     while they fit before the next check)
 * @param failureThreshold consecutive failed checks before the monitor is down (unhealthy)
 * @param recoveryThreshold consecutive passing checks before a down monitor is up again
 * @param thresholds latency verdicts
 * @param labels added to every series of the monitor ({@code service}, {@code team}, {@code severity}, ...)
 */
public record MonitorConfig(String name, Duration interval, Duration timeout, int retries, int failureThreshold,
    int recoveryThreshold, LatencyThresholds thresholds, Map<String, String> labels, ProbeSpec spec) {
  /** The label every probe series carries. */
  public static final String MONITOR_LABEL = "monitor";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_FAILURE_THRESHOLD = 2;
  public static final int DEFAULT_RECOVERY_THRESHOLD = 1;

  public MonitorConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(spec, "spec");
    if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("name must be non-empty text without control characters");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("timeout (" + timeout.toMillis() + "ms) must not exceed interval ("
          + interval.toMillis() + "ms)");
    }
    if (retries < 0 || failureThreshold < 1 || recoveryThreshold < 1) {
      throw new IllegalArgumentException("retries must be >= 0 and failure/recovery thresholds >= 1");
    }
    for (String label : labels.keySet()) {
      if (!Labels.isValidLabelName(label) || label.startsWith("__")) {
        throw new IllegalArgumentException("invalid label name \"" + label + "\"");
      }
      if (label.equals(MONITOR_LABEL)) {
        throw new IllegalArgumentException("label \"monitor\" is set from the monitor's name");
      }
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** A monitor with the defaults: every 30 s, 10 s timeout (at most the interval), down after 2 failures. */
  public static MonitorConfig of(String name, ProbeSpec spec) {
    return new MonitorConfig(name, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, 0, DEFAULT_FAILURE_THRESHOLD,
        DEFAULT_RECOVERY_THRESHOLD, LatencyThresholds.defaultFor(spec.type()), Map.of(), spec);
  }

  /** The monitor type. */
  public MonitorType type() {
    return spec.type();
  }

  /** This monitor with another interval and timeout. */
  public MonitorConfig withSchedule(Duration newInterval, Duration newTimeout) {
    return new MonitorConfig(name, newInterval, newTimeout, retries, failureThreshold, recoveryThreshold, thresholds, labels,
        spec);
  }

  /** This monitor with other labels. */
  public MonitorConfig withLabels(Map<String, String> newLabels) {
    return new MonitorConfig(name, interval, timeout, retries, failureThreshold, recoveryThreshold, thresholds, newLabels, spec);
  }

  /** This monitor with other failure and recovery thresholds. */
  public MonitorConfig withThresholds(int failures, int recoveries) {
    return new MonitorConfig(name, interval, timeout, retries, failures, recoveries, thresholds, labels, spec);
  }

  /** This monitor with other latency thresholds. */
  public MonitorConfig withLatency(LatencyThresholds newThresholds) {
    return new MonitorConfig(name, interval, timeout, retries, failureThreshold, recoveryThreshold, newThresholds, labels, spec);
  }

  /** The series labels the monitor's name and labels give (without a metric name). */
  public Labels seriesLabels() {
    Labels.Builder b = Labels.builder();
    labels.forEach(b::set);
    return b.set(MONITOR_LABEL, name).build();
  }
}

package io.watchkeeper.rules;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The rule manager's self-metrics (Prometheus' {@code prometheus_rule_*} family, with our prefix),
 * per group labelled {@code rule_group="file;name"}. Thread-safe.
 */
final class RuleMetrics {
  private static final String GROUP = "rule_group";
  private static final double[] DURATION_BUCKETS =
      {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  final Counter evaluations;
  final Counter failures;
  final Counter iterations;
  final Counter iterationsMissed;
  final Histogram ruleDuration;
  final Histogram groupDuration;
  final Histogram startLag;
  final Gauge lastDuration;
  final Gauge lastEvaluation;
  final Gauge lastSamples;
  final Gauge interval;
  final Gauge rules;
  final Gauge lastRestoreDuration;

  RuleMetrics(PrometheusRegistry registry) {
    evaluations = Counter.builder().name("watchkeeper_rule_evaluations_total")
        .help("The total number of rule evaluations.").labelNames(GROUP).register(registry);
    failures = Counter.builder().name("watchkeeper_rule_evaluation_failures_total")
        .help("The total number of rule evaluation failures.").labelNames(GROUP).register(registry);
    iterations = Counter.builder().name("watchkeeper_rule_group_iterations_total")
        .help("The total number of scheduled rule group evaluations, whether executed or missed.")
        .labelNames(GROUP).register(registry);
    iterationsMissed = Counter.builder().name("watchkeeper_rule_group_iterations_missed_total")
        .help("The total number of rule group evaluations missed due to slow rule group evaluation.")
        .labelNames(GROUP).register(registry);
    ruleDuration = Histogram.builder().name("watchkeeper_rule_evaluation_duration_seconds")
        .help("The duration for a rule to execute.").classicOnly().classicUpperBounds(DURATION_BUCKETS)
        .register(registry);
    groupDuration = Histogram.builder().name("watchkeeper_rule_group_duration_seconds")
        .help("The duration of rule group evaluations.").classicOnly().classicUpperBounds(DURATION_BUCKETS)
        .register(registry);
    startLag = Histogram.builder().name("watchkeeper_rule_group_start_lag_seconds")
        .help("How late a rule group evaluation started after its scheduled time.").classicOnly()
        .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5).register(registry);
    lastDuration = Gauge.builder().name("watchkeeper_rule_group_last_duration_seconds")
        .help("The duration of the last rule group evaluation.").labelNames(GROUP).register(registry);
    lastEvaluation = Gauge.builder().name("watchkeeper_rule_group_last_evaluation_timestamp_seconds")
        .help("The timestamp of the last rule group evaluation in seconds.").labelNames(GROUP).register(registry);
    lastSamples = Gauge.builder().name("watchkeeper_rule_group_last_evaluation_samples")
        .help("The number of samples returned during the last rule group evaluation.").labelNames(GROUP)
        .register(registry);
    interval = Gauge.builder().name("watchkeeper_rule_group_interval_seconds").help("The interval of a rule group.")
        .labelNames(GROUP).register(registry);
    rules = Gauge.builder().name("watchkeeper_rule_group_rules").help("The number of rules.").labelNames(GROUP)
        .register(registry);
    lastRestoreDuration = Gauge.builder().name("watchkeeper_rule_group_last_restore_duration_seconds")
        .help("The duration of the last restoration of alert 'for' state from ALERTS_FOR_STATE.")
        .labelNames(GROUP).register(registry);
  }

  /** Creates the series of a new group, so they show as 0 before its first evaluation. */
  void addGroup(String key, Duration groupInterval, int ruleCount) {
    evaluations.labelValues(key);
    failures.labelValues(key);
    iterations.labelValues(key);
    iterationsMissed.labelValues(key);
    lastDuration.labelValues(key);
    lastEvaluation.labelValues(key);
    lastSamples.labelValues(key);
    interval.labelValues(key).set(groupInterval.toNanos() / 1e9);
    rules.labelValues(key).set(ruleCount);
  }

  /** Drops the series of a group that was removed. */
  void removeGroup(String key) {
    evaluations.remove(key);
    failures.remove(key);
    iterations.remove(key);
    iterationsMissed.remove(key);
    lastDuration.remove(key);
    lastEvaluation.remove(key);
    lastSamples.remove(key);
    interval.remove(key);
    rules.remove(key);
    lastRestoreDuration.remove(key);
  }
}

package io.watchkeeper.rules.unittest;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code tests:}: input series and the checks on them. Immutable.
 *
 * @param name optional, used in messages and by {@code --run}
 * @param interval spacing of input samples; empty means the file's evaluation interval
 * @param inputSeries the series loaded before evaluation
 * @param alertRuleTests checks of firing alerts at given times
 * @param promqlExprTests checks of expression results at given times
 * @param externalLabels visible to templates, added to alerts
 * @param externalUrl visible to templates
 * @param startTimestamp time of the first sample and of eval_time 0 (default the Unix epoch)
 */
public record RuleTestGroup(String name, Optional<Duration> interval, List<InputSeries> inputSeries,
    List<AlertTestCase> alertRuleTests, List<ExprTestCase> promqlExprTests, Labels externalLabels,
    String externalUrl, Instant startTimestamp) {
  public RuleTestGroup {
    inputSeries = List.copyOf(inputSeries);
    alertRuleTests = List.copyOf(alertRuleTests);
    promqlExprTests = List.copyOf(promqlExprTests);
  }

  /** {@code series: 'metric{...}'} with {@code values: '1+2x10 _ stale'}. */
  public record InputSeries(String series, String values) {}

  /** {@code alert_rule_test} entry: the firing alerts of {@code alertname} at {@code evalTime}. */
  public record AlertTestCase(Duration evalTime, String alertname, List<ExpectedAlert> expAlerts) {
    public AlertTestCase {
      expAlerts = List.copyOf(expAlerts);
    }
  }

  /** One expected alert: labels besides {@code alertname}, and expanded annotations. */
  public record ExpectedAlert(java.util.Map<String, String> expLabels, java.util.Map<String, String> expAnnotations) {
    public ExpectedAlert {
      expLabels = java.util.Map.copyOf(expLabels);
      expAnnotations = java.util.Map.copyOf(expAnnotations);
    }
  }

  /** {@code promql_expr_test} entry: the result of {@code expr} at {@code evalTime}. */
  public record ExprTestCase(String expr, Duration evalTime, List<ExpectedSample> expSamples) {
    public ExprTestCase {
      expSamples = List.copyOf(expSamples);
    }
  }

  /**
   * One expected sample.
   *
   * @param labels series notation ({@code 'up{job="a"}'}, {@code '{}'}, or empty)
   * @param value the expected float
   * @param histogram an expected native histogram ({@code {{...}}}), or empty
   */
  public record ExpectedSample(String labels, double value, String histogram) {}
}

package io.watchkeeper.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code - alert: NAME / expr / for / keep_firing_for / labels / annotations}: every series of
 * {@code expr}'s result is an alert, pending until it has been there for {@code forDuration}, then
 * firing; once gone it keeps firing for {@code keepFiringFor}. Label and annotation values are
 * templates. Immutable.
 */
public record AlertingRuleConfig(String alert, String expr, Duration forDuration, Duration keepFiringFor,
    Map<String, String> labels, Map<String, String> annotations) implements RuleConfig {
  public AlertingRuleConfig {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(expr, "expr");
    if (forDuration.isNegative() || keepFiringFor.isNegative()) {
      throw new IllegalArgumentException("for and keep_firing_for must not be negative");
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** An alerting rule with only a name, expression and {@code for}. */
  public static AlertingRuleConfig of(String alert, String expr, Duration forDuration) {
    return new AlertingRuleConfig(alert, expr, forDuration, Duration.ZERO, Map.of(), Map.of());
  }

  @Override
  public String name() {
    return alert;
  }
}

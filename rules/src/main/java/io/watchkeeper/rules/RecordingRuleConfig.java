package io.watchkeeper.rules;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code - record: NAME / expr: ... / labels: {...}}: evaluates {@code expr} and stores the result
 * as series named {@code record}. Immutable.
 */
public record RecordingRuleConfig(String record, String expr, Map<String, String> labels) implements RuleConfig {
  public RecordingRuleConfig {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(expr, "expr");
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  @Override
  public String name() {
    return record;
  }
}

package io.watchkeeper.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A threshold alert for users who do not write PromQL conditions: "{@code expr} above 80 for 5m is
 * a warning, above 95 for 1m is critical". {@link ThresholdCompiler} turns it into one ordinary
 * alerting rule per level, all named {@code name} and told apart by their {@code severity} label.
 * Immutable.
 *
 * @param name the alert name ({@code alertname})
 * @param expr the measured value: a metric name or any PromQL expression giving an instant vector
 *     (or, without levels, a complete condition such as {@code up == 0})
 * @param direction whether the value is bad above or below the thresholds
 * @param levels the thresholds, each with its severity and {@code for}; empty when {@code expr}
 *     is itself the condition (then {@code conditionSeverity} and {@code conditionFor} apply)
 * @param conditionSeverity severity of a rule without levels
 * @param conditionFor {@code for} of a rule without levels
 * @param labels extra labels (values may be templates)
 * @param annotations annotations (templates); a summary is generated when none is given
 */
public record ThresholdRule(String name, String expr, Direction direction, List<Level> levels,
    String conditionSeverity, Duration conditionFor, Map<String, String> labels, Map<String, String> annotations) {

  /** Whether the value is bad above or below a threshold. */
  public enum Direction {
    ABOVE(">", "above"),
    BELOW("<", "below");

    private final String operator;
    private final String word;

    Direction(String operator, String word) {
      this.operator = operator;
      this.word = word;
    }

    /** The PromQL comparison. */
    public String operator() {
      return operator;
    }

    /** {@code above} or {@code below}. */
    public String word() {
      return word;
    }
  }

  /**
   * One threshold.
   *
   * @param severity the {@code severity} label of alerts at this level (warning, critical, ...)
   * @param threshold the value that must be crossed
   * @param forDuration how long it must stay crossed before the alert fires
   */
  public record Level(String severity, double threshold, Duration forDuration) {
    public Level {
      Objects.requireNonNull(severity, "severity");
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("threshold must be a number");
      }
      if (forDuration.isNegative()) {
        throw new IllegalArgumentException("for must not be negative");
      }
    }
  }

  public ThresholdRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expr, "expr");
    levels = List.copyOf(levels);
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** "{@code expr} above each level's threshold". */
  public static ThresholdRule above(String name, String expr, Level... levels) {
    return new ThresholdRule(name, expr, Direction.ABOVE, List.of(levels), "warning", Duration.ZERO, Map.of(),
        Map.of());
  }

  /** "{@code expr} below each level's threshold". */
  public static ThresholdRule below(String name, String expr, Level... levels) {
    return new ThresholdRule(name, expr, Direction.BELOW, List.of(levels), "warning", Duration.ZERO, Map.of(),
        Map.of());
  }
}

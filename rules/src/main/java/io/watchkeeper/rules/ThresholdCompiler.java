package io.watchkeeper.rules;

import io.watchkeeper.model.GoFloat;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.ValueType;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.ExprPrinter;
import io.watchkeeper.query.parser.PromqlParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles {@link ThresholdRule}s into one ordinary rule group: each level becomes an alerting rule
 * {@code (expr) > threshold} (or {@code <}) with its {@code for} and a {@code severity} label; a
 * rule without levels uses {@code expr} as the condition. A default {@code summary} names the value,
 * the threshold and the instance. Stateless and thread-safe.
 */
public final class ThresholdCompiler {
  /** The name of the compiled group. */
  public static final String GROUP = "thresholds";

  private ThresholdCompiler() {}

  /**
   * The rule group for {@code rules}.
   *
   * @param file where the rules were configured (the group's {@code file})
   * @param interval evaluation interval; empty for the global one
   * @throws RuleConfigException listing every rule whose expression does not parse, is not an
   *     instant vector or scalar, or whose name or levels repeat
   */
  public static RuleGroupConfig compile(List<ThresholdRule> rules, String file, Optional<Duration> interval)
      throws RuleConfigException {
    List<String> problems = new ArrayList<>();
    List<RuleConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ThresholdRule t : rules) {
      String where = "alert \"" + t.name() + "\": ";
      if (!names.add(t.name())) {
        problems.add(where + "defined more than once");
      }
      Expr e;
      try {
        e = PromqlParser.parseExpr(t.expr());
      } catch (ParseException ex) {
        problems.add(where + "expr: " + ex.getMessage());
        continue;
      }
      if (e.type() != ValueType.VECTOR && e.type() != ValueType.SCALAR) {
        problems.add(where + "expr must give an instant vector or a scalar, got " + e.type().apiName());
        continue;
      }
      if (t.levels().isEmpty()) {
        out.add(rule(t, t.expr().strip(), t.conditionSeverity(), t.conditionFor(), Optional.empty()));
        continue;
      }
      Set<String> severities = new HashSet<>();
      String value = "(" + ExprPrinter.print(e) + ")";
      for (ThresholdRule.Level level : t.levels()) {
        if (!severities.add(level.severity())) {
          problems.add(where + "severity \"" + level.severity() + "\" has two thresholds");
        }
        String condition = value + " " + t.direction().operator() + " " + GoFloat.formatF(level.threshold());
        out.add(rule(t, condition, level.severity(), level.forDuration(), Optional.of(level)));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleConfigException(problems);
    }
    return new RuleGroupConfig(GROUP, file, interval, 0, Optional.empty(), Map.of(), out);
  }

  private static AlertingRuleConfig rule(ThresholdRule t, String condition, String severity, Duration forDuration,
      Optional<ThresholdRule.Level> level) {
    Map<String, String> labels = new TreeMap<>(t.labels());
    labels.put("severity", severity);
    Map<String, String> annotations = new TreeMap<>(t.annotations());
    if (!annotations.containsKey("summary")) {
      annotations.put("summary", level.map(l -> t.name() + " on {{ $labels.instance }}: {{ $value | humanize }} is "
          + t.direction().word() + " " + GoFloat.formatF(l.threshold()))
          .orElse(t.name() + " on {{ $labels.instance }}"));
    }
    return new AlertingRuleConfig(t.name(), condition, forDuration, Duration.ZERO, labels, annotations);
  }
}

package io.watchkeeper.server.config;

import io.watchkeeper.rules.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the {@code alerts:} section of watchkeeper.yml — threshold alerts for users who do not write
 * PromQL conditions — onto {@link ThresholdRule}s, which {@code ThresholdCompiler} turns into
 * alerting rules ({@link FullConfigLoader}: one group named {@code thresholds}, evaluated at the
 * global evaluation_interval). {@link ConfigLoader} calls it. The schema:
 *
 * <pre>{@code
 * alerts:
 *   - name: HighCpu                    # the alertname (required)
 *     expr: cpu_usage_percent          # the measured value, a metric or any PromQL (alias: metric)
 *     above:                           # or below: severity -> threshold, or {value, for}
 *       warning: {value: 80, for: 5m}
 *       critical: {value: 95, for: 1m}
 *     labels: {team: infra}
 *     summary: "CPU at {{ $value }}%"  # optional; description and runbook (runbook_url) too
 *   - name: DiskSpaceLow
 *     expr: disk_free_percent
 *     below: 20                        # one threshold: severity (default warning) and for apply
 *     for: 10m
 *   - name: DatabaseDown               # no above/below: expr is the condition itself
 *     expr: postgres_up == 0
 *     for: 30s
 *     severity: critical
 *     action: page                     # copied to a label, as the seeds' alert lists use it
 * }</pre>
 *
 * Not thread-safe (a binding pass); stateless between passes.
 */
final class ThresholdRuleBinder {
  private ThresholdRuleBinder() {}

  /** Binds every list item; problems go to the sections' binder. */
  static List<ThresholdRule> bind(List<Section> items) {
    List<ThresholdRule> out = new ArrayList<>();
    for (Section s : items) {
      bindOne(s).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<ThresholdRule> bindOne(Section s) {
    String name = s.string("name", "");
    if (name.isEmpty()) {
      s.binder().error(s.location(), s.child("name"), "every alert needs a name");
    }
    String expr = s.string("expr").or(() -> s.string("metric")).orElse("");
    if (expr.isEmpty()) {
      s.binder().error(s.location(), s.child("expr"), "every alert needs expr (or metric): what to measure");
    }
    Duration defaultFor = s.duration("for", false).orElse(Duration.ZERO);
    String severity = s.string("severity", "warning");
    boolean above = s.has("above");
    boolean below = s.has("below");
    if (above && below) {
      s.error("below", "set one of above and below, not both");
      s.take("below");
    }
    List<ThresholdRule.Level> levels = above ? levels(s, "above", severity, defaultFor)
        : below ? levels(s, "below", severity, defaultFor) : List.of();
    Map<String, String> labels = new LinkedHashMap<>(s.stringMap("labels"));
    s.string("action").ifPresent(a -> labels.put("action", a));
    Map<String, String> annotations = new LinkedHashMap<>(s.stringMap("annotations"));
    s.string("summary").ifPresent(v -> annotations.put("summary", v));
    s.string("description").ifPresent(v -> annotations.put("description", v));
    s.string("runbook").ifPresent(v -> annotations.put("runbook_url", v));
    s.finish(Set.of());
    if (name.isEmpty() || expr.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ThresholdRule(name, expr, below ? ThresholdRule.Direction.BELOW : ThresholdRule.Direction.ABOVE,
        levels, severity, defaultFor, labels, annotations));
  }

  /** {@code above: 80}, or {@code above: {warning: 80, critical: {value: 95, for: 1m}}}. */
  private static List<ThresholdRule.Level> levels(Section s, String key, String severity, Duration defaultFor) {
    Optional<YamlNode> node = s.take(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (node.get() instanceof YamlNode.Scalar v) {
      return number(s, s.child(key), v).map(t -> List.of(new ThresholdRule.Level(severity, t, defaultFor)))
          .orElse(List.of());
    }
    if (!(node.get() instanceof YamlNode.MapNode m)) {
      s.binder().error(node.get().location(), s.child(key), "expected a number or a map of severity to threshold, got "
          + node.get().kind());
      return List.of();
    }
    List<ThresholdRule.Level> out = new ArrayList<>();
    for (YamlNode.Entry e : m.entries().values()) {
      String path = s.child(key) + "." + e.key();
      if (e.value() instanceof YamlNode.Scalar v) {
        number(s, path, v).ifPresent(t -> out.add(new ThresholdRule.Level(e.key(), t, defaultFor)));
      } else if (e.value() instanceof YamlNode.MapNode lm) {
        Section level = new Section(s.binder(), path, lm);
        Optional<YamlNode> value = level.take("value");
        Optional<Double> threshold = Optional.empty();
        if (value.isEmpty()) {
          s.binder().error(lm.location(), path + ".value", "every level needs a value");
        } else if (value.get() instanceof YamlNode.Scalar v) {
          threshold = number(level, level.child("value"), v);
        } else {
          s.binder().error(value.get().location(), path + ".value", "expected a number, got " + value.get().kind());
        }
        Duration forDuration = level.duration("for", false).orElse(defaultFor);
        level.finish(Set.of());
        threshold.ifPresent(t -> out.add(new ThresholdRule.Level(e.key(), t, forDuration)));
      } else {
        s.binder().error(e.value().location(), path, "expected a number or {value, for}, got " + e.value().kind());
      }
    }
    return out;
  }

  private static Optional<Double> number(Section s, String path, YamlNode.Scalar v) {
    String t = v.text().strip().toLowerCase(Locale.ROOT);
    try {
      double d = Double.parseDouble(t);
      if (Double.isNaN(d)) {
        throw new NumberFormatException("NaN");
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      s.binder().error(v.location(), path, "expected a number, got \"" + v.text() + "\"");
      return Optional.empty();
    }
  }
}

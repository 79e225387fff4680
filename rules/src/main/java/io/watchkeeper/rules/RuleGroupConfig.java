package io.watchkeeper.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One group of a rule file (Prometheus {@code rulefmt.RuleGroup}): rules evaluated in order at the
 * group's interval. Immutable.
 *
 * @param name unique within its file
 * @param file the file the group came from (with its name, the group's identity)
 * @param interval evaluation interval; empty means the global {@code evaluation_interval}
 * @param limit most series a recording rule or alerts an alerting rule may produce; 0 = no limit
 * @param queryOffset how far in the past to evaluate; empty means the global default
 * @param labels added to every rule's output; a rule's own labels win
 * @param rules the rules, in evaluation order
 */
public record RuleGroupConfig(String name, String file, Optional<Duration> interval, int limit,
    Optional<Duration> queryOffset, Map<String, String> labels, List<RuleConfig> rules) {
  public RuleGroupConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    interval.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("interval must be > 0, got " + d);
      }
    });
    queryOffset.ifPresent(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("query_offset must not be negative, got " + d);
      }
    });
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    rules = List.copyOf(rules);
  }

  /** A group with defaults for everything but name, file and rules. */
  public static RuleGroupConfig of(String name, String file, List<RuleConfig> rules) {
    return new RuleGroupConfig(name, file, Optional.empty(), 0, Optional.empty(), Map.of(), rules);
  }

  /** This group with an interval. */
  public RuleGroupConfig withInterval(Duration d) {
    return new RuleGroupConfig(name, file, Optional.of(d), limit, queryOffset, labels, rules);
  }

  /** Prometheus' group key: file and name ({@code file;name}). */
  public String key() {
    return file + ";" + name;
  }
}

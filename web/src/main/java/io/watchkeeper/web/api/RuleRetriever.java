package io.watchkeeper.web.api;

import io.watchkeeper.rules.ActiveAlert;
import io.watchkeeper.rules.RuleGroup;
import java.util.List;
import java.util.function.Supplier;

/**
 * The loaded rule groups and their alerts, for {@code /api/v1/rules} and {@code /api/v1/alerts}
 * (Prometheus {@code v1.RulesRetriever}). The server passes the rule manager's methods through
 * {@link #of}. Thread-safe; each call returns a new list, which the API may keep. The groups and
 * rules in it are live: their evaluation status may change while a response is written.
 */
public interface RuleRetriever {
  /** The rule groups, in any order: the API sorts them by file, then name, as Prometheus does. */
  List<RuleGroup> ruleGroups();

  /** The pending and firing alerts of every alerting rule, resolved ones excluded. */
  List<ActiveAlert> activeAlerts();

  /**
   * A retriever from two suppliers, e.g. {@code RuleRetriever.of(ruleManager::groups,
   * ruleManager::activeAlerts)}.
   */
  static RuleRetriever of(Supplier<List<RuleGroup>> groups, Supplier<List<ActiveAlert>> alerts) {
    return new RuleRetriever() {
      @Override
      public List<RuleGroup> ruleGroups() {
        return groups.get();
      }

      @Override
      public List<ActiveAlert> activeAlerts() {
        return alerts.get();
      }
    };
  }
}

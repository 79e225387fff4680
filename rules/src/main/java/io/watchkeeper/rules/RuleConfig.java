package io.watchkeeper.rules;

import java.util.Map;

/**
 * One rule of a rule file (Prometheus {@code rulefmt.Rule}): a recording or an alerting rule.
 * Values as written; the {@link RuleManager} parses and validates expressions and templates.
 */
public sealed interface RuleConfig permits RecordingRuleConfig, AlertingRuleConfig {
  /** The recorded metric name or the alert name. */
  String name();

  /** The PromQL expression as written. */
  String expr();

  /**
   * Labels added to the output; for alerting rules their values are templates. A label with an
   * empty value removes the label from the output, as in Prometheus.
   */
  Map<String, String> labels();
}

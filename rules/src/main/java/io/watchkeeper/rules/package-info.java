/**
 * Prometheus recording and alerting rules: rule group configuration records ({@link
 * io.watchkeeper.rules.RuleGroupConfig}), their evaluation with Prometheus' semantics ({@link
 * io.watchkeeper.rules.RuleGroup}), the alert lifecycle ({@link io.watchkeeper.rules.AlertingRule}),
 * and the {@link io.watchkeeper.rules.RuleManager} that runs each group on its own schedule.
 *
 * <p>Boundaries: rules read PromQL results through a {@link io.watchkeeper.rules.QueryFunction},
 * write samples through an {@link io.watchkeeper.storage.Appendable}, and hand alerts to an {@link
 * io.watchkeeper.rules.AlertSink}. This module never reads files and never imports the notification
 * side.
 */
@NullMarked
package io.watchkeeper.rules;

import org.jspecify.annotations.NullMarked;

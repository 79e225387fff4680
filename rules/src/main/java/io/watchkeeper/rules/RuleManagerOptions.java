package io.watchkeeper.rules;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Queryable;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RuleManager} needs (Prometheus {@code rules.ManagerOptions}). Start from {@link
 * #of} and override with the {@code with...} methods. Immutable.
 *
 * @param queryFunction evaluates rule expressions
 * @param appendable where recording rule results and ALERTS series go
 * @param queryable where ALERTS_FOR_STATE is read back after a restart
 * @param alertSink where firing and resolved alerts go
 * @param scheduler starts group evaluations; its clock is the manager's clock. The manager closes it.
 * @param registry where the self-metrics are registered
 * @param evaluationInterval interval of groups that set none (global {@code evaluation_interval})
 * @param queryOffset query offset of groups that set none (global {@code rule_query_offset})
 * @param externalLabels added to alerts sent, visible to templates as {@code $externalLabels}
 * @param externalUrl visible to templates as {@code $externalURL}, prefix of generator URLs
 * @param outageTolerance how long an outage may last for alert state to be restored (Prometheus 1h)
 * @param forGracePeriod least time a restored alert stays pending after a restart (Prometheus 10m)
 * @param resendDelay how often a firing alert is sent again (Prometheus 1m)
 * @param nameValidation which recording rule names are valid
 */
public record RuleManagerOptions(
    QueryFunction queryFunction,
    Appendable appendable,
    Queryable queryable,
    AlertSink alertSink,
    EvaluationScheduler scheduler,
    PrometheusRegistry registry,
    Duration evaluationInterval,
    Duration queryOffset,
    Labels externalLabels,
    String externalUrl,
    Duration outageTolerance,
    Duration forGracePeriod,
    Duration resendDelay,
    NameValidation nameValidation) {

  public RuleManagerOptions {
    Objects.requireNonNull(queryFunction, "queryFunction");
    Objects.requireNonNull(appendable, "appendable");
    Objects.requireNonNull(queryable, "queryable");
    Objects.requireNonNull(alertSink, "alertSink");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(externalLabels, "externalLabels");
    Objects.requireNonNull(externalUrl, "externalUrl");
    if (evaluationInterval.isNegative() || evaluationInterval.isZero()) {
      throw new IllegalArgumentException("evaluationInterval must be > 0, got " + evaluationInterval);
    }
    if (queryOffset.isNegative() || outageTolerance.isNegative() || forGracePeriod.isNegative()
        || resendDelay.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  /**
   * Prometheus' defaults: 1m evaluation interval, no query offset, 1h outage tolerance, 10m grace
   * period, 1m resend delay, UTF-8 names, the system clock with a {@link PlatformThreadScheduler}.
   */
  public static RuleManagerOptions of(QueryFunction queryFunction, Appendable appendable, Queryable queryable,
      AlertSink alertSink, PrometheusRegistry registry) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, new PlatformThreadScheduler(),
        registry, Duration.ofMinutes(1), Duration.ZERO, Labels.EMPTY, "", Duration.ofHours(1), Duration.ofMinutes(10),
        Duration.ofMinutes(1), NameValidation.UTF8);
  }

  public RuleManagerOptions withQueryFunction(QueryFunction q) {
    return new RuleManagerOptions(q, appendable, queryable, alertSink, scheduler, registry, evaluationInterval,
        queryOffset, externalLabels, externalUrl, outageTolerance, forGracePeriod, resendDelay, nameValidation);
  }

  public RuleManagerOptions withScheduler(EvaluationScheduler s) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, s, registry, evaluationInterval,
        queryOffset, externalLabels, externalUrl, outageTolerance, forGracePeriod, resendDelay, nameValidation);
  }

  public RuleManagerOptions withEvaluationInterval(Duration d) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry, d,
        queryOffset, externalLabels, externalUrl, outageTolerance, forGracePeriod, resendDelay, nameValidation);
  }

  public RuleManagerOptions withQueryOffset(Duration d) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry,
        evaluationInterval, d, externalLabels, externalUrl, outageTolerance, forGracePeriod, resendDelay,
        nameValidation);
  }

  public RuleManagerOptions withExternal(Labels labels, String url) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry,
        evaluationInterval, queryOffset, labels, url, outageTolerance, forGracePeriod, resendDelay, nameValidation);
  }

  public RuleManagerOptions withRestore(Duration outage, Duration gracePeriod) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry,
        evaluationInterval, queryOffset, externalLabels, externalUrl, outage, gracePeriod, resendDelay,
        nameValidation);
  }

  public RuleManagerOptions withResendDelay(Duration d) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry,
        evaluationInterval, queryOffset, externalLabels, externalUrl, outageTolerance, forGracePeriod, d,
        nameValidation);
  }

  public RuleManagerOptions withNameValidation(NameValidation v) {
    return new RuleManagerOptions(queryFunction, appendable, queryable, alertSink, scheduler, registry,
        evaluationInterval, queryOffset, externalLabels, externalUrl, outageTolerance, forGracePeriod, resendDelay, v);
  }
}

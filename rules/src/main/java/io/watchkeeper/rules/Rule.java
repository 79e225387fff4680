package io.watchkeeper.rules;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.Vector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A rule of a loaded group: its definition and the outcome of its last evaluation. Evaluated by
 * one thread at a time (its group's); the status accessors may be read from any thread.
 */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
  private final String name;
  private final String query;
  private final Map<String, String> labels;
  private volatile Status status = new Status(RuleHealth.UNKNOWN, null, null, Duration.ZERO);

  /** The outcome of the last evaluation, published as one value. */
  private record Status(RuleHealth health, @Nullable String lastError, @Nullable Instant lastEvaluation,
      Duration evaluationTime) {}

  Rule(String name, String query, Map<String, String> labels) {
    this.name = name;
    this.query = query;
    this.labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
  }

  /** The recorded metric name or the alert name. */
  public String name() {
    return name;
  }

  /** The expression, as the PromQL printer formats it. */
  public String query() {
    return query;
  }

  /** The rule's labels (group labels merged in), as configured. */
  public Map<String, String> labels() {
    return labels;
  }

  /** How the last evaluation went. */
  public RuleHealth health() {
    return status.health();
  }

  /** The error of the last evaluation, if it failed. */
  public Optional<String> lastError() {
    return Optional.ofNullable(status.lastError());
  }

  /** When the last evaluation started (wall clock), if there was one. */
  public Optional<Instant> lastEvaluation() {
    return Optional.ofNullable(status.lastEvaluation());
  }

  /** How long the last evaluation took. */
  public Duration evaluationTime() {
    return status.evaluationTime();
  }

  void recordOutcome(RuleHealth health, @Nullable String error, Instant started, Duration took) {
    status = new Status(health, error, started, took);
  }

  void recordFailure(String error) {
    Status s = status;
    status = new Status(RuleHealth.ERR, error, s.lastEvaluation(), s.evaluationTime());
  }

  /**
   * Evaluates the rule at {@code tsMillis}: the samples to write (recording rules: the result;
   * alerting rules: ALERTS and ALERTS_FOR_STATE).
   */
  abstract List<Sample> evaluate(long tsMillis, long queryOffsetMillis, QueryFunction query, int limit)
      throws RuleEvaluationException;

  /** A canonical text of the definition: two rules with equal definitions are the same rule. */
  abstract String definition();

  /** Identity across reloads: name and labels (Prometheus matches rules this way). */
  String identity() {
    return name + labels;
  }

  /** Runs the query and returns its result as a vector (a scalar is one sample without labels). */
  static List<Sample> queryVector(QueryFunction query, String expr, long t) throws RuleEvaluationException {
    QueryValue v;
    try {
      v = query.query(expr, t);
    } catch (QueryException e) {
      throw new RuleEvaluationException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    return switch (v) {
      case Vector vec -> vec.samples();
      case Scalar s -> List.of(new Sample(Labels.EMPTY, s.timestamp(), s.value()));
      default -> throw new RuleEvaluationException("rule result is not a vector or scalar");
    };
  }
}

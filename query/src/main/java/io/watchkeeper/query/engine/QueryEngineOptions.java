package io.watchkeeper.query.engine;

import java.time.Duration;

/**
 * Settings of a {@link PromqlEngine} (Prometheus {@code promql.EngineOpts}).
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (Prometheus default 5 m)
 * @param timeout how long one query may run before it fails with a timeout
 * @param maxSamples most samples one query may hold in memory at once
 * @param maxSeries most series one selector or one result may have
 * @param maxRangePoints most steps a range query may have (Prometheus refuses more than 11,000)
 * @param defaultSubqueryStep step of a subquery written without one ({@code [5m:]})
 * @param parallelism threads one query may use for its per-series work (1 = evaluate in the caller)
 * @param maxConcurrentQueries queries evaluated at once; more wait for a free slot
 * @param dialect whose window semantics to follow (Prometheus 3 unless told otherwise)
 */
public record QueryEngineOptions(
    Duration lookbackDelta,
    Duration timeout,
    long maxSamples,
    int maxSeries,
    int maxRangePoints,
    Duration defaultSubqueryStep,
    int parallelism,
    int maxConcurrentQueries,
    Dialect dialect) {

  /** Which Prometheus' evaluation rules to follow where 2.x and 3.x differ. */
  public enum Dialect {
    /**
     * Prometheus 3: range and lookback windows are left-open, {@code (t - range, t]}; a subquery's
     * first step lies after its window start.
     */
    PROMETHEUS_3,
    /**
     * Prometheus 2.x (e.g. 2.42): windows include their start, {@code [t - range, t]}, and {@code
     * rate} bounds its extrapolation at the counter's zero point before the gap check.
     */
    PROMETHEUS_2
  }

  public QueryEngineOptions {
    requirePositive(lookbackDelta, "lookbackDelta");
    requirePositive(timeout, "timeout");
    requirePositive(defaultSubqueryStep, "defaultSubqueryStep");
    if (maxSamples <= 0 || maxSeries <= 0 || maxRangePoints <= 0) {
      throw new IllegalArgumentException("maxSamples, maxSeries and maxRangePoints must be > 0");
    }
    if (parallelism <= 0 || maxConcurrentQueries <= 0) {
      throw new IllegalArgumentException("parallelism and maxConcurrentQueries must be > 0");
    }
  }

  /**
   * Prometheus' defaults: lookback 5 m, timeout 2 m, 50 million samples, 11,000 range points, 1 m
   * subquery step, 20 concurrent queries; no series limit; parallelism up to the processor count.
   */
  public static QueryEngineOptions defaults() {
    return new QueryEngineOptions(
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        50_000_000L,
        Integer.MAX_VALUE,
        11_000,
        Duration.ofMinutes(1),
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        20,
        Dialect.PROMETHEUS_3);
  }

  public QueryEngineOptions withLookbackDelta(Duration d) {
    return new QueryEngineOptions(
        d, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withTimeout(Duration d) {
    return new QueryEngineOptions(
        lookbackDelta, d, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withMaxSamples(long n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, n, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withMaxSeries(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, n, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withMaxRangePoints(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, n, defaultSubqueryStep, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withDefaultSubqueryStep(Duration d) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, d, parallelism, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withParallelism(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, n, maxConcurrentQueries, dialect);
  }

  public QueryEngineOptions withMaxConcurrentQueries(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, n, dialect);
  }

  public QueryEngineOptions withDialect(Dialect d) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries, d);
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }
}

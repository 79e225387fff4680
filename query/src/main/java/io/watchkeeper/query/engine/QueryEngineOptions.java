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
 */
public record QueryEngineOptions(
    Duration lookbackDelta,
    Duration timeout,
    long maxSamples,
    int maxSeries,
    int maxRangePoints,
    Duration defaultSubqueryStep,
    int parallelism,
    int maxConcurrentQueries) {

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
        20);
  }

  public QueryEngineOptions withLookbackDelta(Duration d) {
    return new QueryEngineOptions(
        d, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withTimeout(Duration d) {
    return new QueryEngineOptions(
        lookbackDelta, d, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withMaxSamples(long n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, n, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withMaxSeries(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, n, maxRangePoints, defaultSubqueryStep, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withMaxRangePoints(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, n, defaultSubqueryStep, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withDefaultSubqueryStep(Duration d) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, d, parallelism, maxConcurrentQueries);
  }

  public QueryEngineOptions withParallelism(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, n, maxConcurrentQueries);
  }

  public QueryEngineOptions withMaxConcurrentQueries(int n) {
    return new QueryEngineOptions(
        lookbackDelta, timeout, maxSamples, maxSeries, maxRangePoints, defaultSubqueryStep, parallelism, n);
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }
}

package io.watchkeeper.query.engine;

import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.QueryCanceledException;
import io.watchkeeper.query.QueryEngine;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.QueryStorageException;
import io.watchkeeper.query.QueryTimeoutException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.query.ValueType;
import io.watchkeeper.query.parser.DurationResolver;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.StorageException;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The PromQL engine: evaluates parsed expressions over a {@link Queryable} with Prometheus 3
 * semantics (lookback delta, staleness markers, left-open range windows, {@code @} and offsets,
 * delayed metric-name removal).
 *
 * <p>Limits ({@link QueryEngineOptions}): each query has a timeout (the options', or a shorter one
 * given with the query, e.g. the API's {@code timeout} parameter; time waiting for a slot counts)
 * and a budget of samples held in memory, both checked cooperatively inside every loop over
 * series (the query runs in its caller's thread: nothing else stops it), so an oversized one fails
 * with {@link QueryTimeoutException} or {@link TooManySamplesException} instead of exhausting the
 * heap; at most {@code maxConcurrentQueries} run at once, and per-series work of one query uses at
 * most {@code parallelism} threads, so other queries stay responsive.
 *
 * <p>Annotations: {@link QueryResult#warnings()} holds Prometheus' warnings ({@code PromQL warning:
 * ...}) and infos ({@code PromQL info: ...}) together, each with its position; the API layer tells
 * them apart by that prefix.
 *
 * <p>Parallelism: with {@code parallelism > 1} the series of one selection are read on several
 * threads, each {@link io.watchkeeper.storage.SampleIterator} by one thread; storage must allow
 * that (the in-memory storage does). Aggregations consume series in input order, so results do
 * not depend on the thread count.
 *
 * <p>Thread-safe. Owns a worker pool: {@link #close()} it when done.
 */
public final class PromqlEngine implements QueryEngine, AutoCloseable {
  private final QueryEngineOptions options;
  private final @Nullable ForkJoinPool pool;
  private final Semaphore slots;

  public PromqlEngine(QueryEngineOptions options) {
    this.options = options;
    this.pool = options.parallelism() > 1 ? new ForkJoinPool(options.parallelism() - 1) : null;
    this.slots = new Semaphore(options.maxConcurrentQueries(), true);
  }

  /** An engine with {@link QueryEngineOptions#defaults()}. */
  public PromqlEngine() {
    this(QueryEngineOptions.defaults());
  }

  public QueryEngineOptions options() {
    return options;
  }

  /** Parses {@code expr} and evaluates it at one instant. */
  @Override
  public QueryResult instantQuery(Queryable storage, String expr, long timeMillis) throws QueryException {
    return instantQuery(storage, expr, timeMillis, options.timeout());
  }

  @Override
  public QueryResult instantQuery(Queryable storage, String expr, long timeMillis, Duration timeout) throws QueryException {
    return instant(storage, PromqlParser.parseExpr(expr), expr, timeMillis, timeout);
  }

  /** Parses {@code expr} and evaluates it at each step of a range query. */
  @Override
  public QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis)
      throws QueryException {
    return rangeQuery(storage, expr, startMillis, endMillis, stepMillis, options.timeout());
  }

  @Override
  public QueryResult rangeQuery(
      Queryable storage, String expr, long startMillis, long endMillis, long stepMillis, Duration timeout) throws QueryException {
    return range(storage, PromqlParser.parseExpr(expr), expr, startMillis, endMillis, stepMillis, timeout);
  }

  /**
   * Evaluates a parsed expression at one instant.
   *
   * @param text the query as written, for the positions in annotations
   */
  public QueryResult evaluateInstant(Queryable storage, Expr expr, String text, long timeMillis) throws QueryException {
    return instant(storage, expr, text, timeMillis, options.timeout());
  }

  private QueryResult instant(Queryable storage, Expr expr, String text, long timeMillis, Duration timeout) throws QueryException {
    Expr resolved = DurationResolver.resolve(expr, 0, 0);
    return run(storage, text, timeMillis, timeMillis, 0, timeout, ctx -> {
      StepValue v = new Evaluator(ctx, Grid.instant(timeMillis)).eval(resolved);
      return ResultBuilder.instant(v, timeMillis);
    });
  }

  /** Evaluates a parsed expression at {@code start, start + step, ...} up to {@code end}. */
  public QueryResult evaluateRange(Queryable storage, Expr expr, String text, long startMillis, long endMillis, long stepMillis)
      throws QueryException {
    return range(storage, expr, text, startMillis, endMillis, stepMillis, options.timeout());
  }

  private QueryResult range(
      Queryable storage, Expr expr, String text, long startMillis, long endMillis, long stepMillis, Duration timeout)
      throws QueryException {
    if (stepMillis <= 0) {
      throw new EvaluationException("zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (endMillis < startMillis) {
      throw new EvaluationException("end timestamp must not be before start time");
    }
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw new EvaluationException(
          "invalid expression type \"" + typeName(expr.type()) + "\" for range query, must be Scalar or instant Vector");
    }
    if ((endMillis - startMillis) / stepMillis + 1 > options.maxRangePoints()) {
      throw new TooManySamplesException(
          "exceeded maximum resolution of " + options.maxRangePoints()
              + " points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    Grid grid = Grid.range(startMillis, endMillis, stepMillis);
    Expr resolved = DurationResolver.resolve(expr, stepMillis, endMillis - startMillis);
    return run(storage, text, startMillis, endMillis, stepMillis, timeout, ctx -> ResultBuilder.range(new Evaluator(ctx, grid).eval(resolved), grid));
  }

  private static String typeName(ValueType t) {
    return t == ValueType.MATRIX ? "range vector" : t.apiName();
  }

  private interface Body {
    QueryValue evaluate(QueryContext ctx);
  }

  /**
   * Runs {@code body} in the calling thread, within {@code timeout} (at most the options' timeout)
   * counted from now: waiting for a slot counts against it.
   */
  private QueryResult run(Queryable storage, String text, long start, long end, long step, Duration timeout, Body body)
      throws QueryException {
    long deadline = System.nanoTime() + clamp(timeout).toNanos();
    acquireSlot(deadline);
    QueryContext ctx = new QueryContext(storage, options, text, start, end, step, deadline, pool);
    try {
      QueryValue value = body.evaluate(ctx);
      return new QueryResult(value, ctx.annotations.all());
    } catch (QueryFailure f) {
      throw f.failure();
    } catch (StorageException e) {
      throw new QueryStorageException("cannot read series: " + e.getMessage(), e);
    } finally {
      ctx.close();
      slots.release();
    }
  }

  private Duration clamp(Duration timeout) {
    return timeout.isNegative() ? Duration.ZERO : timeout.compareTo(options.timeout()) > 0 ? options.timeout() : timeout;
  }

  private void acquireSlot(long deadlineNanos) throws QueryException {
    try {
      if (!slots.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new QueryTimeoutException("query timed out in query queue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryCanceledException("query was canceled in query queue", e);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

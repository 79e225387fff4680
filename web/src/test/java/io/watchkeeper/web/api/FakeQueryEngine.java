package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Sample;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.QueryCanceledException;
import io.watchkeeper.query.QueryEngine;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.QueryTimeoutException;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.StringValue;
import io.watchkeeper.query.Vector;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.NumberLiteral;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.query.parser.StringLiteral;
import io.watchkeeper.query.parser.VectorSelector;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A hand-written stand-in for the PromQL engine (written concurrently): parses with the real
 * parser, so bad PromQL fails as it will in production, and evaluates number literals, string
 * literals and series selectors (latest sample within 5 minutes, as PromQL's lookback) against the
 * storage. Tests can make an expression fail or hang ({@code hang()}).
 */
final class FakeQueryEngine implements QueryEngine {
  private static final long LOOKBACK = 5 * 60_000;

  private final Map<String, QueryException> failures = new ConcurrentHashMap<>();
  private final Map<String, List<String>> warnings = new ConcurrentHashMap<>();
  /** The timeout the last query was given. */
  volatile @Nullable Duration lastTimeout;

  /** Makes {@code expr} fail with {@code e}. */
  void fail(String expr, QueryException e) {
    failures.put(expr, e);
  }

  private final Map<String, QueryValue> answers = new ConcurrentHashMap<>();

  /** Makes {@code expr} return {@code value}. */
  void answer(String expr, QueryValue value) {
    answers.put(expr, value);
  }

  /** Makes {@code expr} return these warnings. */
  void warn(String expr, List<String> w) {
    warnings.put(expr, w);
  }

  @Override
  public QueryResult instantQuery(Queryable storage, String expr, long t) throws QueryException {
    return instantQuery(storage, expr, t, Duration.ofMinutes(2));
  }

  @Override
  public QueryResult instantQuery(Queryable storage, String expr, long t, Duration timeout) throws QueryException {
    lastTimeout = timeout;
    QueryValue v = evaluate(storage, expr, t, timeout);
    return new QueryResult(v, warnings.getOrDefault(expr, List.of()));
  }

  @Override
  public QueryResult rangeQuery(Queryable storage, String expr, long start, long end, long step) throws QueryException {
    return rangeQuery(storage, expr, start, end, step, Duration.ofMinutes(2));
  }

  @Override
  public QueryResult rangeQuery(Queryable storage, String expr, long start, long end, long step, Duration timeout)
      throws QueryException {
    lastTimeout = timeout;
    Map<Labels, List<long[]>> points = new HashMap<>();
    Map<Labels, List<Double>> values = new HashMap<>();
    List<Labels> order = new ArrayList<>();
    for (long t = start; t <= end; t += step) {
      QueryValue v = evaluate(storage, expr, t, timeout);
      List<Sample> samples =
          switch (v) {
            case Scalar s -> List.of(new Sample(Labels.EMPTY, t, s.value()));
            case Vector vec -> vec.samples();
            default -> throw new ParseException(1, 1, 0, "range queries need a scalar or vector expression");
          };
      for (Sample s : samples) {
        if (!points.containsKey(s.labels())) {
          order.add(s.labels());
          points.put(s.labels(), new ArrayList<>());
          values.put(s.labels(), new ArrayList<>());
        }
        points.get(s.labels()).add(new long[] {t});
        values.get(s.labels()).add(s.value());
      }
    }
    order.sort(null);
    List<RangeSeries> series = new ArrayList<>();
    for (Labels l : order) {
      List<long[]> ts = points.get(l);
      List<Double> vs = values.get(l);
      long[] t = new long[ts.size()];
      double[] v = new double[vs.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = ts.get(i)[0];
        v[i] = vs.get(i);
      }
      series.add(new RangeSeries(l, t, v));
    }
    return new QueryResult(new Matrix(series), warnings.getOrDefault(expr, List.of()));
  }

  private QueryValue evaluate(Queryable storage, String expr, long t, Duration timeout) throws QueryException {
    QueryException failure = failures.get(expr);
    if (failure != null) {
      throw failure;
    }
    QueryValue answer = answers.get(expr);
    if (answer != null) {
      return answer;
    }
    if (expr.equals("hang()")) { // runs until its timeout, as a query too big for it would
      try {
        Thread.sleep(timeout);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new QueryCanceledException("query was canceled in query execution");
      }
      throw new QueryTimeoutException("query timed out in query execution");
    }
    Expr parsed = PromqlParser.parseExpr(expr); // real parse errors, with positions
    List<Matcher> matchers =
        switch (parsed) {
          case NumberLiteral n -> null;
          case StringLiteral str -> null;
          case VectorSelector vs -> vs.matchers();
          default -> throw new EvaluationException("the fake engine evaluates only literals and selectors, not " + expr);
        };
    if (parsed instanceof NumberLiteral n) {
      return new Scalar(t, n.value());
    }
    if (parsed instanceof StringLiteral str) {
      return new StringValue(t, str.value());
    }
    List<Sample> samples = new ArrayList<>();
    try (Querier q = storage.querier(t - LOOKBACK + 1, t)) {
      SeriesSet set = q.select(true, SelectHints.range(t - LOOKBACK + 1, t), matchers);
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        boolean found = false;
        double v = 0;
        while (it.next()) {
          found = true;
          v = it.value();
        }
        if (found && !StaleMarker.isStale(v)) {
          samples.add(new Sample(set.at().labels(), t, v));
        }
      }
    }
    return new Vector(samples);
  }
}

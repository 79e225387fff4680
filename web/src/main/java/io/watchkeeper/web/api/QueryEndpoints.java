package io.watchkeeper.web.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.prometheus.metrics.core.metrics.Histogram;
import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.Matrix;
import io.watchkeeper.query.ParseException;
import io.watchkeeper.query.QueryEngine;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.QueryValue;
import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.Scalar;
import io.watchkeeper.query.StringValue;
import io.watchkeeper.query.Vector;
import io.watchkeeper.storage.Queryable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range}: parameters checked as Prometheus checks
 * them, the query run through the {@link QueryEngine} under a timeout, the result written in
 * Prometheus' shapes. Thread-safe.
 *
 * <p>The timeout ({@code timeout}, capped at {@code --query.timeout}) goes to the engine, which
 * checks it in every loop over series and fails the query with a timeout error (503 {@code
 * timeout}). The query runs in the request's own thread: a hand-off to another thread per query
 * cost more than the whole of a small query once the JIT had compiled it.
 */
final class QueryEndpoints {
  /** Prometheus' cap on points per series of a range query (enough for a week at 60 s steps). */
  static final long MAX_POINTS_PER_SERIES = 11_000;

  static final String TRUNCATED_WARNING = "results truncated due to limit";

  private final QueryEngine engine;
  private final Queryable queryable;
  private final Clock clock;
  private final Duration maxTimeout;
  private final Histogram queryDuration;

  /**
   * @param maxTimeout the default and the cap of the {@code timeout} parameter (Prometheus {@code
   *     --query.timeout})
   * @param queryDuration histogram with one label, the query type ({@code instant} or {@code
   *     range})
   */
  QueryEndpoints(QueryEngine engine, Queryable queryable, Clock clock, Duration maxTimeout, Histogram queryDuration) {
    this.engine = engine;
    this.queryable = queryable;
    this.clock = clock;
    this.maxTimeout = maxTimeout;
    this.queryDuration = queryDuration;
  }

  void instantQuery(Exchange ex) throws ApiException, QueryException, IOException {
    int limit = ApiParams.limitParam(ex);
    long time = ApiParams.timeParam(ex, "time", clock.millis());
    Duration timeout = timeout(ex);
    String expr = ex.param("query");
    QueryResult result = run("instant", () -> engine.instantQuery(queryable, expr, time, timeout));
    write(ex, result, limit);
  }

  void rangeQuery(Exchange ex) throws ApiException, QueryException, IOException {
    int limit = ApiParams.limitParam(ex);
    long start = ApiParams.requiredTimeParam(ex, "start");
    long end = ApiParams.requiredTimeParam(ex, "end");
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start time");
    }
    long step = ApiParams.durationParam(ex, "step");
    if (step <= 0) {
      throw ApiException.badData("zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    long range = end - start; // overflows (turns negative) only for extreme times: too many points
    if (range < 0 || range / step > MAX_POINTS_PER_SERIES) {
      throw ApiException.badData(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    Duration timeout = timeout(ex);
    String expr = ex.param("query");
    QueryResult result = run("range", () -> engine.rangeQuery(queryable, expr, start, end, step, timeout));
    write(ex, result, limit);
  }

  /** The {@code timeout} parameter, at most (and by default) {@code --query.timeout}. */
  private Duration timeout(Exchange ex) throws ApiException {
    String s = ex.param("timeout");
    if (s.isEmpty()) {
      return maxTimeout;
    }
    try {
      Duration d = Duration.ofMillis(ApiParams.parseDurationMillis(s));
      return d.compareTo(maxTimeout) < 0 ? d : maxTimeout;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("timeout", e.getMessage(), e);
    }
  }

  private interface Query {
    QueryResult run() throws QueryException;
  }

  /** Runs the query, counting its duration; a parse error is the {@code query} parameter's fault. */
  private QueryResult run(String type, Query query) throws ApiException, QueryException {
    long startNanos = System.nanoTime();
    try {
      return query.run();
    } catch (ParseException e) {
      throw ApiException.invalidParam("query", e.getMessage(), e);
    } finally {
      queryDuration.labelValues(type).observe((System.nanoTime() - startNanos) / 1e9);
    }
  }

  private static void write(Exchange ex, QueryResult result, int limit) throws IOException {
    List<String> warnings = new ArrayList<>(result.warnings());
    QueryValue value = result.value();
    int count =
        switch (value) {
          case Vector v -> v.samples().size();
          case Matrix m -> m.series().size();
          default -> 0;
        };
    int shown = limit > 0 ? Math.min(limit, count) : count;
    if (shown < count) {
      warnings.add(TRUNCATED_WARNING);
    }
    ApiJson.success(ex, gen -> writeValue(gen, value, shown), warnings);
  }

  /** {@code {"resultType":...,"result":...}} with at most {@code limit} series. */
  static void writeValue(JsonGenerator gen, QueryValue value, int limit) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("resultType", value.type().apiName());
    gen.writeFieldName("result");
    switch (value) {
      case Scalar s -> ApiJson.point(gen, s.timestamp(), s.value());
      case StringValue s -> {
        gen.writeStartArray();
        gen.writeNumber(FloatFormat.timestamp(s.timestamp()));
        gen.writeString(s.value());
        gen.writeEndArray();
      }
      case Vector v -> {
        gen.writeStartArray();
        for (int i = 0; i < limit; i++) {
          Sample s = v.samples().get(i);
          gen.writeStartObject();
          gen.writeFieldName("metric");
          ApiJson.labels(gen, s.labels());
          FloatHistogram h = s.histogram();
          if (h != null) {
            gen.writeFieldName("histogram");
            ApiJson.histogramPoint(gen, s.timestamp(), h);
          } else {
            gen.writeFieldName("value");
            ApiJson.point(gen, s.timestamp(), s.value());
          }
          gen.writeEndObject();
        }
        gen.writeEndArray();
      }
      case Matrix m -> {
        gen.writeStartArray();
        for (int i = 0; i < limit; i++) {
          RangeSeries s = m.series().get(i);
          gen.writeStartObject();
          gen.writeFieldName("metric");
          ApiJson.labels(gen, s.labels());
          gen.writeArrayFieldStart("values");
          long[] ts = s.timestamps();
          double[] vs = s.values();
          for (int k = 0; k < ts.length; k++) {
            ApiJson.point(gen, ts[k], vs[k]);
          }
          gen.writeEndArray();
          gen.writeEndObject();
        }
        gen.writeEndArray();
      }
    }
    gen.writeEndObject();
  }
}

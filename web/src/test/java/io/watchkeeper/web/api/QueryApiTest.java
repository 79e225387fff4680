package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.EvaluationException;
import io.watchkeeper.query.QueryCanceledException;
import io.watchkeeper.query.QueryStorageException;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.query.Vector;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryApiTest {
  private static final long NOW = TestServer.NOW.toEpochMilli();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
    server.add(Labels.of("__name__", "up", "job", "node", "instance", "a:9100"), NOW - 10_000, 1);
    server.add(Labels.of("__name__", "up", "job", "node", "instance", "b:9100"), NOW - 10_000, 0);
    double[] ok = {3, 4.5, 6.25};
    double[] errors = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < 3; i++) {
      long t = NOW - 30_000 + i * 15_000;
      server.add(Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), t, ok[i]);
      server.add(Labels.of("__name__", "http_requests_total", "job", "api", "code", "500"), t, errors[i]);
    }
    server.engine.fail("bad_exec", new EvaluationException("many-to-many matching not allowed: matching labels must be unique on one side"));
    server.engine.fail("too_many", new TooManySamplesException("query processing would load too many samples into memory in query execution"));
    server.engine.fail("canceled", new QueryCanceledException("query was canceled in expression evaluation"));
    server.engine.fail("storage_down", new QueryStorageException("cannot read chunk 17: checksum mismatch"));
    server.engine.warn("up", List.of());
    server.engine.answer("latency", new Vector(List.of(Sample.ofHistogram(Labels.of("__name__", "latency"), NOW,
        new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 0.001, 2, 7, 12.5, 0, new double[] {1, 0, 3},
            1, new double[] {1}, new double[0])))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void instantQueryAnswersAVectorAtTheGivenTime() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "up", "time", "1699999995.12"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    Goldens.assertJson(r.body(), "query_vector.json");
  }

  @Test
  void writesHistogramSamplesAsPrometheusDoes() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "latency"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("{\"metric\":{\"__name__\":\"latency\"},\"histogram\":[" + NOW / 1000 + ",{\"count\":\"7\",\"sum\":\"12.5\","
        + "\"buckets\":[[1,\"-2\",\"-1\",\"1\"],[3,\"-0.001\",\"0.001\",\"2\"],[0,\"0.5\",\"1\",\"1\"],[0,\"2\",\"4\",\"3\"]]}]}");
  }

  @Test
  void instantQueryTakesFormPostsAndRfc3339Times() {
    HttpResponse<String> r = server.postForm("/api/v1/query", "query", "up", "time", "2023-11-14T22:13:15.120Z");

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "query_vector.json");
  }

  @Test
  void instantQueryDefaultsToNow() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "1.5e-7"));

    Goldens.assertJson(r.body(), "query_scalar.json");
  }

  @Test
  void writesStringResults() {
    Goldens.assertJson(server.get(TestServer.query("/api/v1/query", "query", "\"hello\"")).body(), "query_string.json");
  }

  @Test
  void rangeQueryAnswersAMatrixWithSpecialValues() {
    HttpResponse<String> r =
        server.get(TestServer.query("/api/v1/query_range", "query", "http_requests_total", "start", "1699999970", "end", "1700000000", "step", "15s"));

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "query_matrix.json");
  }

  @Test
  void rangeQueryTakesTheStepInFloatSecondsAndFormPosts() {
    HttpResponse<String> r =
        server.postForm("/api/v1/query_range", "query", "http_requests_total", "start", "2023-11-14T22:12:50Z", "end", "1700000000", "step", "15");

    Goldens.assertJson(r.body(), "query_matrix.json");
  }

  @Test
  void limitTruncatesTheResultWithAWarning() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "up", "limit", "1"));

    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\","
                + "\"instance\":\"a:9100\",\"job\":\"node\"},\"value\":[1700000000,\"1\"]}]},"
                + "\"warnings\":[\"results truncated due to limit\"]}");
  }

  @Test
  void passesTheEnginesWarningsOn() {
    server.engine.warn("http_requests_total", List.of("PromQL info: metric might not be a counter"));
    try {
      HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "http_requests_total"));
      assertThat(r.body()).endsWith(",\"warnings\":[\"PromQL info: metric might not be a counter\"]}");
    } finally {
      server.engine.warn("http_requests_total", List.of());
    }
  }

  @Test
  void badPromqlIsBadDataWithItsPosition() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "up{job=\""));

    assertThat(r.statusCode()).isEqualTo(400);
    Goldens.assertJson(r.body(), "error_bad_promql.json");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("/api/v1/query", new String[] {}, "invalid parameter \"query\": 1:1: parse error: no expression found in input"),
        Arguments.of(
            "/api/v1/query",
            new String[] {"query", "up", "time", "yesterday"},
            "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"yesterday\" to a valid timestamp"),
        Arguments.of(
            "/api/v1/query",
            new String[] {"query", "up", "timeout", "soon"},
            "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration"),
        Arguments.of(
            "/api/v1/query",
            new String[] {"query", "up", "limit", "ten"},
            "invalid parameter \"limit\": strconv.Atoi: parsing \"ten\": invalid syntax"),
        Arguments.of("/api/v1/query", new String[] {"query", "up", "limit", "-1"}, "invalid parameter \"limit\": limit must be non-negative"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "end", "10", "step", "1"},
            "invalid parameter \"start\": cannot parse \"\" to a valid timestamp"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "10", "end", "x", "step", "1"},
            "invalid parameter \"end\": cannot parse \"x\" to a valid timestamp"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "10", "end", "5", "step", "1"},
            "end timestamp must not be before start time"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "0", "end", "10"},
            "invalid parameter \"step\": cannot parse \"\" to a valid duration"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "0", "end", "10", "step", "1x"},
            "invalid parameter \"step\": cannot parse \"1x\" to a valid duration"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "0", "end", "10", "step", "0"},
            "zero or negative query resolution step widths are not accepted. Try a positive integer"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "0", "end", "10", "step", "-15s"},
            "invalid parameter \"step\": cannot parse \"-15s\" to a valid duration"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up", "start", "0", "end", "11001", "step", "1"},
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
        Arguments.of(
            "/api/v1/query_range",
            new String[] {"query", "up{", "start", "0", "end", "10", "step", "1"},
            "invalid parameter \"query\": 1:4: parse error: unexpected end of input inside braces"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badRequests")
  void badParametersAreBadDataWithPrometheusMessages(String path, String[] params, String message) {
    HttpResponse<String> r = server.get(TestServer.query(path, params));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":" + jsonString(message) + "}");
  }

  @Test
  void elevenThousandPointsAreStillAccepted() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query_range", "query", "1", "start", "0", "end", "11000", "step", "1"));

    assertThat(r.statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> engineFailures() {
    return Stream.of(
        Arguments.of("bad_exec", 422, "execution", "many-to-many matching not allowed: matching labels must be unique on one side"),
        Arguments.of("too_many", 422, "execution", "query processing would load too many samples into memory in query execution"),
        Arguments.of("canceled", 499, "canceled", "query was canceled in expression evaluation"),
        Arguments.of("storage_down", 500, "internal", "cannot read chunk 17: checksum mismatch"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("engineFailures")
  void engineFailuresMapToPrometheusErrorTypes(String expr, int status, String type, String message) {
    for (HttpResponse<String> r :
        List.of(
            server.get(TestServer.query("/api/v1/query", "query", expr)),
            server.get(TestServer.query("/api/v1/query_range", "query", expr, "start", "0", "end", "10", "step", "1")))) {
      assertThat(r.statusCode()).isEqualTo(status);
      assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}");
    }
  }

  @Test
  void aQueryPastItsTimeoutAnswersTimeout() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/query", "query", "hang()", "timeout", "0.05"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}");
    assertThat(server.engine.lastTimeout).isEqualTo(Duration.ofMillis(50));
    assertThat(server.get(TestServer.query("/api/v1/query", "query", "up")).statusCode()).isEqualTo(200);
  }

  @Test
  void theTimeoutParameterIsCappedAtTheServersQueryTimeout() {
    server.get(TestServer.query("/api/v1/query_range", "query", "up", "start", "0", "end", "60", "step", "15", "timeout", "1h"));
    assertThat(server.engine.lastTimeout).isEqualTo(ApiOptions.defaults().queryTimeout());

    server.get(TestServer.query("/api/v1/query", "query", "up"));
    assertThat(server.engine.lastTimeout).isEqualTo(ApiOptions.defaults().queryTimeout());

    server.get(TestServer.query("/api/v1/query_range", "query", "up", "start", "0", "end", "60", "step", "15", "timeout", "5s"));
    assertThat(server.engine.lastTimeout).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void recordsQueryDurations() {
    server.get(TestServer.query("/api/v1/query", "query", "up"));

    String metrics = server.get("/metrics").body();
    assertThat(metrics).contains("watchkeeper_api_query_duration_seconds_count{type=\"instant\"}");
  }

  static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}

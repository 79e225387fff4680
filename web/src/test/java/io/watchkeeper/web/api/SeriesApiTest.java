package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesApiTest {
  private static final long NOW = TestServer.NOW.toEpochMilli();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
    server.add(Labels.of("__name__", "up", "job", "node", "instance", "a:9100"), NOW - 10_000, 1);
    server.add(Labels.of("__name__", "up", "job", "node", "instance", "b:9100"), NOW - 10_000, 1);
    server.add(Labels.of("__name__", "node_cpu_seconds_total", "job", "node", "instance", "a:9100", "mode", "idle"), NOW - 10_000, 5);
    server.add(Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), NOW - 10_000, 7);
    server.add(Labels.of("__name__", "old_metric", "job", "old"), NOW - 7_200_000, 1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void seriesListsTheLabelsOfMatchingSeries() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/series", "match[]", "up"));

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "series_up.json");
  }

  @Test
  void seriesTakesFormPosts() {
    Goldens.assertJson(server.postForm("/api/v1/series", "match[]", "up").body(), "series_up.json");
  }

  @Test
  void seriesMergesSeveralSelectorsSortedWithoutDuplicates() {
    HttpResponse<String> r =
        server.get(TestServer.query("/api/v1/series", "match[]", "{job=\"api\"}", "match[]", "up", "match[]", "up{instance=\"a:9100\"}"));

    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"a:9100\",\"job\":\"node\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b:9100\",\"job\":\"node\"}]}");
  }

  @Test
  void seriesHonoursTheTimeRange() {
    String all = server.get(TestServer.query("/api/v1/series", "match[]", "{job=~\"old|api\"}")).body();
    String recent = server.get(TestServer.query("/api/v1/series", "match[]", "{job=~\"old|api\"}", "start", "1699999000")).body();
    String early = server.get(TestServer.query("/api/v1/series", "match[]", "{job=~\"old|api\"}", "end", "2023-11-14T21:00:00Z")).body();

    assertThat(all).contains("old_metric").contains("http_requests_total");
    assertThat(recent).doesNotContain("old_metric").contains("http_requests_total");
    assertThat(early).contains("old_metric").doesNotContain("http_requests_total");
  }

  @Test
  void seriesLimitTruncatesWithAWarning() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/series", "match[]", "up", "limit", "1"));

    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"instance\":\"a:9100\",\"job\":\"node\"}],"
                + "\"warnings\":[\"results truncated due to limit\"]}");
  }

  @Test
  void labelsListsEveryLabelName() {
    Goldens.assertJson(server.get("/api/v1/labels").body(), "labels.json");
    Goldens.assertJson(server.postForm("/api/v1/labels").body(), "labels.json");
  }

  @Test
  void labelsFiltersByMatchAndTime() {
    assertThat(server.get(TestServer.query("/api/v1/labels", "match[]", "up")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    assertThat(server.get(TestServer.query("/api/v1/labels", "match[]", "up", "match[]", "http_requests_total")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"]}");
    assertThat(server.get(TestServer.query("/api/v1/labels", "end", "1699995000")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\"]}");
    assertThat(server.get(TestServer.query("/api/v1/labels", "limit", "2")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"code\"],\"warnings\":[\"results truncated due to limit\"]}");
  }

  @Test
  void labelValuesListsTheValuesOfOneLabel() {
    Goldens.assertJson(server.get("/api/v1/label/job/values").body(), "label_values_job.json");
    assertThat(server.get("/api/v1/label/__name__/values").body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"http_requests_total\",\"node_cpu_seconds_total\",\"old_metric\",\"up\"]}");
    assertThat(server.get(TestServer.query("/api/v1/label/instance/values", "match[]", "up{instance!=\"a:9100\"}")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"b:9100\"]}");
    assertThat(server.get(TestServer.query("/api/v1/label/job/values", "start", "1699999000", "limit", "1")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"api\"],\"warnings\":[\"results truncated due to limit\"]}");
    assertThat(server.get("/api/v1/label/nothing/values").body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("/api/v1/series", new String[] {}, "no match[] parameter provided"),
        Arguments.of(
            "/api/v1/series",
            new String[] {"match[]", "{job=~\".*\"}"},
            "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"),
        Arguments.of(
            "/api/v1/series",
            new String[] {"match[]", "up", "match[]", "up{job"},
            "invalid parameter \"match[]\": 1:7: parse error: unexpected end of input inside braces"),
        Arguments.of(
            "/api/v1/series",
            new String[] {"match[]", "up", "start", "soon"},
            "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"soon\" to a valid timestamp"),
        Arguments.of(
            "/api/v1/labels",
            new String[] {"match[]", "{a!=\"b\"}"},
            "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"),
        Arguments.of(
            "/api/v1/labels",
            new String[] {"end", "later"},
            "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"later\" to a valid timestamp"),
        Arguments.of("/api/v1/label/job/values", new String[] {"limit", "x"}, "invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax"),
        Arguments.of("/api/v1/label/1job/values", new String[] {}, "invalid label name: \"1job\""),
        Arguments.of("/api/v1/label/j%C3%B6b/values", new String[] {}, "invalid label name: \"jöb\""));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badRequests")
  void badParametersAreBadData(String path, String[] params, String message) {
    HttpResponse<String> r = server.get(params.length == 0 ? path : TestServer.query(path, params));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":" + QueryApiTest.jsonString(message) + "}");
  }
}

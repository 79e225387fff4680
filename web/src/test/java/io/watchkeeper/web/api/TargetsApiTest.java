package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.MetricType;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TargetsApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
    server.activeTargets.add(TestServer.target("node", "a:9100", TargetHealth.UP));
    server.activeTargets.add(TestServer.target("node", "b:9100", TargetHealth.DOWN));
    server.activeTargets.add(TestServer.target("api", "c:8080", TargetHealth.UNKNOWN));
    server.droppedTargets.add(new DroppedTarget(Labels.of("__address__", "d:9100", "job", "node"), "node"));
    server.droppedCounts.put("node", 3);
    server.droppedCounts.put("api", 0);

    Metadata up = new Metadata(MetricType.GAUGE, "Whether the target is up.", "");
    Map<String, Metadata> a = new LinkedHashMap<>();
    a.put("up", up);
    a.put("node_cpu_seconds_total", new Metadata(MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "seconds"));
    server.metadata.add(new TargetMetadata(Labels.of("instance", "a:9100", "job", "node"), a));
    server.metadata.add(new TargetMetadata(Labels.of("instance", "b:9100", "job", "node"), Map.of("up", up)));
    server.metadata.add(
        new TargetMetadata(
            Labels.of("instance", "c:8080", "job", "api"),
            Map.of(
                "up", new Metadata(MetricType.GAUGE, "The scrape's health.", ""),
                "http_requests_total", new Metadata(MetricType.COUNTER, "Requests handled.", ""))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void targetsListsActiveAndDroppedTargetsByScrapePool() {
    HttpResponse<String> r = server.get("/api/v1/targets");

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "targets.json");
    Goldens.assertJson(server.get("/api/v1/targets?state=any").body(), "targets.json");
  }

  @Test
  void targetsFiltersByStateAndPool() {
    String active = server.get("/api/v1/targets?state=Active").body();
    String dropped = server.get("/api/v1/targets?state=dropped").body();
    String node = server.get("/api/v1/targets?scrapePool=api").body();

    assertThat(active).contains("\"health\":\"up\"").endsWith("\"droppedTargets\":[],\"droppedTargetCounts\":null}}");
    assertThat(dropped).startsWith("{\"status\":\"success\",\"data\":{\"activeTargets\":[],\"droppedTargets\":[{").contains("\"node\":3");
    assertThat(node).contains("c:8080").doesNotContain("a:9100").contains("\"droppedTargets\":[]");
  }

  @Test
  void metadataMergesWhatTheTargetsReportedPerMetric() {
    HttpResponse<String> r = server.get("/api/v1/metadata");

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "metadata.json");
  }

  @Test
  void metadataHonoursLimitsAndTheMetricFilter() {
    assertThat(server.get("/api/v1/metadata?limit=1").body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"http_requests_total\":[{\"type\":\"counter\",\"help\":\"Requests handled.\",\"unit\":\"\"}]}}");
    assertThat(server.get("/api/v1/metadata?limit_per_metric=1&metric=up").body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"up\":[{\"type\":\"gauge\",\"help\":\"Whether the target is up.\",\"unit\":\"\"}]}}");
    assertThat(server.get("/api/v1/metadata?metric=nothing").body()).isEqualTo("{\"status\":\"success\",\"data\":{}}");
  }

  @Test
  void metadataRefusesLimitsThatAreNoNumbers() {
    HttpResponse<String> r = server.get("/api/v1/metadata?limit=all");
    HttpResponse<String> perMetric = server.get("/api/v1/metadata?limit_per_metric=x");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a number\"}");
    assertThat(perMetric.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit_per_metric must be a number\"}");
  }

  @Test
  void targetMetadataListsMetadataPerMatchingTarget() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/targets/metadata", "match_target", "{job=\"node\"}"));

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "targets_metadata.json");
  }

  @Test
  void targetMetadataForOneMetricLeavesTheMetricOut() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/targets/metadata", "metric", "http_requests_total", "limit", "5"));

    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"c:8080\",\"job\":\"api\"},"
                + "\"type\":\"counter\",\"help\":\"Requests handled.\",\"unit\":\"\"}]}");
  }

  @Test
  void targetMetadataRefusesABadSelector() {
    HttpResponse<String> r = server.get(TestServer.query("/api/v1/targets/metadata", "match_target", "{job=}"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match_target\\\": 1:6: parse error: unexpected \\\"}\\\" in label matching, expected string\"}");
  }
}

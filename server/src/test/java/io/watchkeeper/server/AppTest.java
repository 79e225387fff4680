package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.watchkeeper.server.config.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired server in-process: reload, flush, import, the health API, and what bad configurations do. */
class AppTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private FakeTarget target;
  private App app;

  @TempDir Path dir;

  @BeforeEach
  void startTarget() throws Exception {
    target = new FakeTarget();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    target.close();
  }

  private Path writeConfig(String yaml) throws Exception {
    Path config = dir.resolve("watchkeeper.yml");
    Files.writeString(config, yaml);
    return config;
  }

  private String configFor(String... jobs) {
    StringBuilder sb = new StringBuilder("global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}\nscrape_configs:\n");
    for (String job : jobs) {
      sb.append("  - job_name: ").append(job).append("\n    static_configs: [{targets: ['")
          .append(target.address()).append("']}]\n");
    }
    return sb.toString();
  }

  private App start(Path config) throws Exception {
    return App.start(new App.Options(Optional.of(config), dir.resolve("data"), "127.0.0.1", 0, Map.of()));
  }

  private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path));
    if (!contentType.isEmpty()) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, "", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode jobs() throws Exception {
    return get("/api/v1/label/job/values");
  }

  @Test
  void aBrokenReloadIsRejectedAndTheRunningConfigurationStays() throws Exception {
    Path config = writeConfig(configFor("app"));
    app = start(config);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(get("/api/v1/targets").path("activeTargets").get(0).path("health").asText()).isEqualTo("up"));

    Files.writeString(config, "scrape_configs:\n  - job_name: app\n    scrape_interval: -1s\n");
    HttpResponse<String> rejected = send("POST", "/-/reload", "", "");
    assertThat(rejected.statusCode()).isEqualTo(500);
    assertThat(rejected.body()).contains("watchkeeper.yml:3:22", "scrape_interval", "keeping the running one");
    assertThat(get("/api/v1/targets").path("activeTargets")).hasSize(1);
    assertThat(get("/api/v1/status/runtimeinfo").path("reloadConfigSuccess").asBoolean()).isFalse();

    Files.writeString(config, configFor("app", "app2"));
    assertThat(send("POST", "/-/reload", "", "").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/targets").path("activeTargets")).hasSize(2);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(jobs()).extracting(JsonNode::asText).contains("app", "app2"));
  }

  @Test
  void aBrokenConfigurationStopsTheStartBeforeAnythingIsOpened() throws Exception {
    Path config = writeConfig("scrape_configs:\n  - job_name: a\n    scheme: ftp\n");
    assertThatThrownBy(() -> start(config))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(config + ":3:13: scrape_configs[0].scheme: unknown scheme \"ftp\" (use http or https)"));
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void importsHistoryAndFlushesTheHeadIntoABlock() throws Exception {
    app = start(writeConfig(configFor("app")));
    long t0 = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
    StringBuilder text = new StringBuilder("# TYPE backfilled_total counter\n");
    for (int i = 0; i < 100; i++) {
      text.append("backfilled_total{source=\"old\"} ").append(i).append(' ').append(t0 + i * 60_000L).append('\n');
    }
    HttpResponse<String> imported = send("POST", "/api/v1/import", text.toString(), "text/plain; version=0.0.4");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(JSON.readTree(imported.body()).path("data").path("samplesImported").asLong()).isEqualTo(100);

    double at = (t0 + 99 * 60_000L) / 1000.0;
    JsonNode r = get("/api/v1/query?query=" + enc("backfilled_total[2h]") + "&time=" + at).path("result");
    assertThat(r.get(0).path("values")).hasSize(100);

    HttpResponse<String> bad = send("POST", "/api/v1/import", "backfilled_total 1\n", "text/plain; version=0.0.4");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("bad_data", "line 1");

    assertThat(send("POST", "/api/v1/admin/tsdb/flush", "", "").statusCode()).isEqualTo(204);
    JsonNode again = get("/api/v1/query?query=" + enc("backfilled_total[2h]") + "&time=" + at).path("result");
    assertThat(again.get(0).path("values")).hasSize(100);
  }

  @Test
  void aBodyLargerThanTheImportBufferIsSpooledInTheDataDirectoryAndImported() throws Exception {
    app = start(writeConfig(configFor("app")));
    long t0 = System.currentTimeMillis() - Duration.ofDays(3).toMillis();
    StringBuilder text = new StringBuilder();
    for (int step = 0; step < 300; step++) { // ~3 MB: three times the importer's 1 MiB buffer
      for (int s = 0; s < 200; s++) {
        text.append("spooled_total{series=\"").append(s).append("\"} ").append(step).append(' ').append(t0 + step * 60_000L).append('\n');
      }
    }
    text.append("spooled_total{series=\"0\"} 1\n"); // the last line has no timestamp: nothing is stored

    HttpResponse<String> bad = send("POST", "/api/v1/import", text.toString(), "text/plain; version=0.0.4");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("line 60001: sample of spooled_total has no timestamp");
    String count = "/api/v1/query?query=" + enc("count(count_over_time(spooled_total[6h]))") + "&time=" + (t0 / 1000 + 3600);
    assertThat(get(count).path("result")).isEmpty();

    text.setLength(text.lastIndexOf("spooled_total{series=\"0\"} 1\n"));
    HttpResponse<String> ok = send("POST", "/api/v1/import", text.toString(), "text/plain; version=0.0.4");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).path("data").path("samplesImported").asLong()).isEqualTo(60_000);
    JsonNode r = get(count).path("result");
    assertThat(r.get(0).path("value").get(1).asText()).isEqualTo("200");
    try (var spooled = Files.list(dir.resolve("data/import-spool"))) {
      assertThat(spooled).as("spool files are deleted").isEmpty();
    }
  }

  @Test
  void monitorsProbeIntoStorageAnswerTheHealthApiAndABadOneIsRejectedOnReload() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String monitors = "monitors:\n"
        + "  - {name: api, type: http, url: 'http://" + target.address() + "/metrics', interval: 1s, timeout: 1s,"
        + " failure_threshold: 1, labels: {severity: critical}}\n"
        + "  - {name: cache, type: tcp, target: '127.0.0.1:" + closed + "', interval: 1s, timeout: 1s, failure_threshold: 1}\n";
    Path config = writeConfig(configFor("app") + monitors);
    app = start(config);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> health = send("GET", "/api/health", "", "");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      JsonNode checks = JSON.readTree(health.body()).path("data").path("checks");
      assertThat(checks).extracting(c -> c.path("name").asText() + "=" + c.path("status").asText()).as(health.body())
          .contains("api=healthy", "cache=unhealthy", "storage=healthy");
    });
    JsonNode up = get("/api/v1/query?query=" + enc("probe_success")).path("result");
    assertThat(up).extracting(n -> n.path("metric").path("monitor").asText() + "=" + n.path("value").get(1).asText())
        .contains("api=1", "cache=0");
    assertThat(send("GET", "/api/health?check=api", "", "").statusCode()).isEqualTo(200);
    // the monitors' default alert rule runs and is listed as Prometheus lists rules
    JsonNode groups = get("/api/v1/rules").path("groups");
    assertThat(groups.findValuesAsText("name")).as(groups.toString()).contains("MonitorDown");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/api/v1/alerts").path("alerts"))
        .extracting(a -> a.path("labels").path("monitor").asText()).contains("cache"));

    Files.writeString(config, configFor("app") + "monitors:\n  - {name: x, type: http}\n");
    HttpResponse<String> rejected = send("POST", "/-/reload", "", "");
    assertThat(rejected.statusCode()).isEqualTo(500);
    assertThat(rejected.body()).contains("watchkeeper.yml:6:5", "monitors[0].url: an http monitor needs url:");
    assertThat(send("GET", "/api/health?check=cache", "", "").statusCode()).isEqualTo(503);
  }

  /** The whole answer of a health endpoint (its envelope is not Prometheus' one). */
  private JsonNode health(String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = send("GET", path, "", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  private static JsonNode named(JsonNode checks, String name) {
    for (JsonNode c : checks) {
      if (c.path("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name + " in " + checks);
  }

  @Test
  void liveReadyAndDetailedHealthShowAMonitorsTransitionsAndUptime() throws Exception {
    AtomicInteger answer = new AtomicInteger(200);
    HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext("/health", ex -> {
      ex.sendResponseHeaders(answer.get(), -1);
      ex.close();
    });
    web.start();
    try {
      String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/health";
      app = start(writeConfig(configFor("app") + "monitors:\n  - {name: web, type: http, url: '" + url + "', interval: 1s,"
          + " timeout: 1s, failure_threshold: 1, labels: {team: platform}}\n"));

      JsonNode live = health("/api/health/live", 200);
      assertThat(live.path("success").asBoolean()).isTrue();
      assertThat(live.path("data").path("status").asText()).isEqualTo("alive");
      assertThat(live.path("data").path("version").asText()).isNotEmpty();
      assertThat(live.path("data").path("environment").asText()).isEqualTo("production");
      assertThat(live.path("data").path("uptime").isIntegralNumber()).isTrue();
      assertThat(live.path("data").path("timestamp").asText()).endsWith("Z");
      JsonNode ready = health("/api/health/ready", 200);
      assertThat(ready.path("success").asBoolean()).isTrue();
      assertThat(ready.path("data").path("status").asText()).isEqualTo("ready");
      assertThat(ready.path("data").has("reason")).isFalse();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(named(health("/api/health", 200).path("data").path("checks"), "web").path("status").asText())
              .isEqualTo("healthy"));

      answer.set(503);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        JsonNode d = named(health("/api/health/detailed", 503).path("data").path("checks"), "web").path("details");
        assertThat(d.path("recent_changes")).hasSize(2);
        assertThat(d.path("uptime_percent").path("24h").asDouble()).isLessThan(100.0);
      });
      JsonNode detailed = health("/api/health/detailed", 503).path("data");
      JsonNode web1 = named(detailed.path("checks"), "web");
      JsonNode d = web1.path("details");
      JsonNode transitions = d.path("recent_changes"); // newest first
      JsonNode uptime = d.path("uptime_percent");
      JsonNode one = health("/api/health/detailed?check=web", 503).path("data");

      assertThat(detailed.path("overall").asText()).isEqualTo("unhealthy");
      assertThat(detailed.path("runtime").path("processors").asInt()).isPositive();
      assertThat(detailed.path("checks")).extracting(c -> c.path("name").asText()).contains("web", "storage", "disk", "memory");
      assertThat(named(detailed.path("checks"), "storage").path("status").asText()).isEqualTo("healthy");
      assertThat(web1.path("status").asText()).isEqualTo("unhealthy");
      assertThat(web1.path("message").asText()).isEqualTo("expected status 2xx, got 503");
      assertThat(d.path("type").asText()).isEqualTo("http");
      assertThat(d.path("labels").path("team").asText()).isEqualTo("platform");
      assertThat(d.path("failure_threshold").asInt()).isEqualTo(1);
      assertThat(d.path("consecutive_failures").asInt()).isPositive();
      assertThat(d.path("since").asText()).isEqualTo(transitions.get(0).path("at").asText());
      assertThat(transitions).extracting(t -> t.path("from").asText() + "->" + t.path("to").asText())
          .containsExactly("healthy->unhealthy", "unknown->healthy");
      assertThat(transitions.get(0).path("reason").asText()).isEqualTo("expected status 2xx, got 503");
      assertThat(uptime.properties()).extracting(Map.Entry::getKey).containsExactly("24h", "7d", "30d", "90d");
      assertThat(uptime.path("24h").asDouble()).isGreaterThan(0.0).isLessThan(100.0);
      assertThat(one.path("name").asText()).isEqualTo("web");
      assertThat(one.path("details").path("recent_changes")).hasSize(2);
      // liveness and readiness are about Watchkeeper, not the monitors
      assertThat(health("/api/health/live", 200).path("data").path("status").asText()).isEqualTo("alive");
      assertThat(health("/api/health/ready", 200).path("data").path("status").asText()).isEqualTo("ready");
    } finally {
      web.stop(0);
    }
  }

  @Test
  void aReloadThatAddsAMonitorShowsItInTheHealthApiAndKeepsTheOthersState() throws Exception {
    String api = "  - {name: api, type: http, url: 'http://" + target.address() + "/metrics', interval: 1s, timeout: 1s}\n";
    Path config = writeConfig(configFor("app") + "monitors:\n" + api);
    app = start(config);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(named(health("/api/health", 200).path("data").path("checks"), "api").path("status").asText())
            .isEqualTo("healthy"));
    health("/api/health?check=added", 404);

    Files.writeString(config, configFor("app") + "monitors:\n" + api
        + "  - {name: added, type: tcp, target: '" + target.address() + "', interval: 1s, timeout: 1s}\n");
    HttpResponse<String> reloaded = send("POST", "/-/reload", "", "");
    JsonNode right = health("/api/health", 200).path("data").path("checks");

    assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
    assertThat(get("/api/v1/status/runtimeinfo").path("reloadConfigSuccess").asBoolean()).isTrue();
    // the unchanged monitor keeps its state; the new one is listed at once, unknown until checked
    assertThat(named(right, "api").path("status").asText()).isEqualTo("healthy");
    assertThat(named(right, "added").path("status").asText()).isIn("unknown", "healthy");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(health("/api/health?check=added", 200).path("data").path("status").asText()).isEqualTo("healthy"));
  }

  @Test
  void aBrokenMonitorStopsTheStartWithFileAndLine() throws Exception {
    Path config = writeConfig("""
        monitors:
          - name: cache
            type: tcp
            target: host-without-port
        """);

    assertThatThrownBy(() -> start(config))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(config + ":4:13: monitors[0].target: \"host-without-port\" has no port (write host:port)"));
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aMonitorDownPagesTheReceiverOfItsSeverity() throws Exception {
    java.util.List<String> pager = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> chat = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (var e : Map.of("/pager", pager, "/chat", chat).entrySet()) {
      hooks.createContext(e.getKey(), ex -> {
        e.getValue().add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(200, -1);
        ex.close();
      });
    }
    hooks.start();
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + hooks.getAddress().getPort();
    try {
      app = start(writeConfig(configFor("app") + """
          monitors:
            - {name: db, type: tcp, target: '127.0.0.1:%d', interval: 1s, timeout: 1s, failure_threshold: 1,
               labels: {severity: critical}}
          notifications:
            route:
              receiver: chat
              group_wait: 0s
              group_interval: 1s
              routes:
                - {receiver: pager, matchers: ['severity="critical"']}
            receivers:
              - {name: chat, webhook_configs: [{url: '%s/chat'}]}
              - {name: pager, webhook_configs: [{url: '%s/pager'}]}
          """.formatted(closed, base, base)));

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pager).anySatisfy(body -> {
        JsonNode alert = JSON.readTree(body).path("alerts").get(0);
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("MonitorDown");
        assertThat(alert.path("labels").path("monitor").asText()).isEqualTo("db");
        assertThat(alert.path("status").asText()).isEqualTo("firing");
      }));
      assertThat(chat).noneSatisfy(body -> assertThat(body).contains("MonitorDown"));
    } finally {
      hooks.stop(0);
    }
  }

  @Test
  void aPendingAlertKeepsItsActiveTimeAcrossARestart() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: slow
            interval: 1s
            rules:
              - alert: AppUp
                expr: up{job="app"} == 1
                for: 1h
        """);
    Path config = writeConfig(configFor("app") + "rule_files: [rules.yml]\n");
    app = start(config);
    JsonNode[] pending = new JsonNode[1];
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode alerts = get("/api/v1/alerts").path("alerts");
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).path("state").asText()).isEqualTo("pending");
      pending[0] = alerts.get(0);
    });
    java.time.Instant activeAt = java.time.Instant.parse(pending[0].path("activeAt").asText());
    // pending for a few seconds; ALERTS_FOR_STATE is in the WAL, synced within a second
    Thread.sleep(4_000);
    app.close();
    app = null;

    java.time.Instant restart = java.time.Instant.now();
    app = start(config);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode alerts = get("/api/v1/alerts").path("alerts");
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0).path("state").asText()).isEqualTo("pending");
      java.time.Instant restored = java.time.Instant.parse(alerts.get(0).path("activeAt").asText());
      // as Prometheus restores it: the old active time moved on by the time the server was down,
      // so the for: 1h clock continues instead of starting again at the restart
      assertThat(restored).isAfterOrEqualTo(activeAt).isBefore(restart);
    });
  }

  @Test
  void theSqlDatabaseIsCreatedByItsFirstWriteAndOpenedAgainAfterARestart() throws Exception {
    Path config = writeConfig(configFor("app"));
    Path file = dir.resolve("data").resolve("watchkeeper.mv.db");
    app = start(config);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/api/v1/query?query=up")
        .path("result")).hasSize(1));
    HttpResponse<String> none = send("GET", "/api/v2/silences", "", "");
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(none.body())).isEmpty();
    assertThat(file).as("scraping, querying and reading silences need no SQL database").doesNotExist();

    java.time.Instant now = java.time.Instant.now();
    HttpResponse<String> created = send("POST", "/api/v2/silences", """
        {"matchers": [{"name": "job", "value": "app", "isRegex": false}], "startsAt": "%s", "endsAt": "%s",
         "createdBy": "ops", "comment": "maintenance"}""".formatted(now, now.plusSeconds(3600)), "application/json");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = JSON.readTree(created.body()).path("silenceID").asText();
    assertThat(file).exists();

    app.close();
    app = start(config);
    HttpResponse<String> kept = send("GET", "/api/v2/silences", "", "");
    assertThat(JSON.readTree(kept.body()).findValuesAsText("id")).containsExactly(id);
  }
}

package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert path of the wired server in-process, from a pushed sample to a webhook: rule
 * evaluation, routing, the persisted outbox, alerts pushed through the Alertmanager API, a rejected
 * rule reload, and a restart with a notification still waiting in the outbox.
 */
class AlertPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HIGH = "{}:{alertname=\"High\"}";
  private static final String EXTERNAL = "{}:{alertname=\"External\"}";
  private static final String PENDING = "{}:{alertname=\"Pending\"}";
  private static final String RULES = """
      groups:
        - name: bench
          interval: 1s
          rules:
            - alert: High
              expr: bench_value > 100
              for: 0s
      """;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Webhook webhook;
  private App app;

  @TempDir Path dir;

  /** A webhook receiver that records every request and answers with {@link #status}. */
  private static final class Webhook implements AutoCloseable {
    /** One request: its group key, the status it was answered with, the payload. */
    record Received(String groupKey, int status, JsonNode payload) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    private final HttpServer server;

    Webhook() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/hook", this::handle);
      server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
      JsonNode payload = JSON.readTree(ex.getRequestBody());
      int answer = status;
      received.add(new Received(payload.path("groupKey").asText(), answer, payload));
      ex.sendResponseHeaders(answer, -1);
      ex.close();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> of(String groupKey) {
      return received.stream().filter(r -> r.groupKey().equals(groupKey)).toList();
    }

    /** Requests of the group answered 2xx: the deliveries. */
    long delivered(String groupKey) {
      return of(groupKey).stream().filter(r -> r.status() / 100 == 2).count();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @BeforeEach
  void startWebhook() throws Exception {
    webhook = new Webhook();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    webhook.close();
  }

  private Path writeConfig() throws Exception {
    Files.writeString(dir.resolve("rules.yml"), RULES);
    Path config = dir.resolve("watchkeeper.yml");
    Files.writeString(config, """
        global: {evaluation_interval: 1s}
        rule_files: [rules.yml]
        notifications:
          route:
            receiver: hook
            group_by: [alertname]
            group_wait: 0s
            group_interval: 1s
            repeat_interval: 1h
          receivers:
            - name: hook
              webhook_configs: [{url: '%s'}]
        """.formatted(webhook.url()));
    return config;
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

  private void postAlert(String alertname) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v2/alerts",
        "[{\"labels\": {\"alertname\": \"" + alertname + "\", \"source\": \"test\"}}]", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The alert names the Alertmanager API lists. */
  private List<String> alertnames() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v2/alerts", "", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    JSON.readTree(r.body()).forEach(a -> names.add(a.path("labels").path("alertname").asText()));
    return names;
  }

  private JsonNode highRule() throws Exception {
    JsonNode groups = get("/api/v1/rules").path("groups");
    for (JsonNode g : groups) {
      for (JsonNode r : g.path("rules")) {
        if (r.path("name").asText().equals("High")) {
          return r;
        }
      }
    }
    throw new AssertionError("rule High is not listed: " + groups);
  }

  private static void assertV4Payload(JsonNode payload, String alertname) {
    assertThat(payload.path("version").asText()).isEqualTo("4");
    assertThat(payload.path("receiver").asText()).isEqualTo("hook");
    assertThat(payload.path("status").asText()).isEqualTo("firing");
    assertThat(payload.path("groupLabels")).isEqualTo(JSON.createObjectNode().put("alertname", alertname));
    assertThat(payload.path("alerts")).singleElement().satisfies(a -> {
      assertThat(a.path("status").asText()).isEqualTo("firing");
      assertThat(a.path("labels").path("alertname").asText()).isEqualTo(alertname);
      assertThat(a.path("fingerprint").asText()).isNotEmpty();
    });
  }

  @Test
  void pushedSampleFiresRuleAlertReachesWebhookAndPendingNotificationSurvivesRestart() throws Exception {
    Path config = writeConfig();
    app = start(config);

    // A breaching sample, timestamped now: the rule fires and the webhook gets the alert.
    HttpResponse<String> imported = send("POST", "/api/v1/import",
        "bench_value{instance=\"a\"} 150 " + System.currentTimeMillis() + "\n", "text/plain; version=0.0.4");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> webhook.delivered(HIGH) == 1);
    JsonNode high = webhook.of(HIGH).get(0).payload();
    assertV4Payload(high, "High");
    assertThat(high.at("/alerts/0/labels/instance").asText()).isEqualTo("a");

    // (a) An alert pushed through the Alertmanager API takes the same route.
    postAlert("External");
    await().atMost(Duration.ofSeconds(10)).until(() -> webhook.delivered(EXTERNAL) == 1);
    assertV4Payload(webhook.of(EXTERNAL).get(0).payload(), "External");
    assertThat(webhook.of(EXTERNAL).get(0).payload().at("/alerts/0/labels/source").asText()).isEqualTo("test");

    // (b) A broken rule file is rejected with its position; the running rule keeps being evaluated and firing.
    String lastEvaluation = highRule().path("lastEvaluation").asText();
    Files.writeString(dir.resolve("rules.yml"), RULES.replace("bench_value > 100", "bench_value >"));
    HttpResponse<String> rejected = send("POST", "/-/reload", "", "");
    assertThat(rejected.statusCode()).isEqualTo(500);
    assertThat(rejected.body()).contains("keeping the running one",
        dir.resolve("rules.yml") + ":6:15: groups[0].rules[0].expr: 1:14: parse error: unexpected end of input");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode rule = highRule();
      assertThat(rule.path("lastEvaluation").asText()).isNotEqualTo(lastEvaluation);
      assertThat(rule.path("query").asText()).isEqualTo("bench_value > 100");
      assertThat(rule.path("state").asText()).isEqualTo("firing");
      assertThat(rule.path("health").asText()).isEqualTo("ok");
    });
    Files.writeString(dir.resolve("rules.yml"), RULES); // the next start reads it

    // (c) The receiver fails: the notification waits in the outbox while the server stops.
    webhook.status = 503;
    postAlert("Pending");
    await().atMost(Duration.ofSeconds(10)).until(() -> !webhook.of(PENDING).isEmpty());
    app.close();
    app = null;
    assertThat(webhook.delivered(PENDING)).isZero();
    int requestsBeforeRestart = webhook.of(PENDING).size();

    webhook.status = 200;
    app = start(config);
    await().atMost(Duration.ofSeconds(10)).until(() -> webhook.delivered(PENDING) == 1);
    // Alerts live in memory: what was delivered came from the persisted outbox.
    assertThat(alertnames()).doesNotContain("Pending");
    assertV4Payload(webhook.of(PENDING).get(requestsBeforeRestart).payload(), "Pending");
    // The rule fires again after the restart; the notification log knows High was sent, so it is not
    // sent again; and nothing is sent twice while the restarted server keeps evaluating.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(highRule().path("state").asText())
        .isEqualTo("firing"));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> webhook.delivered(HIGH) == 1
        && webhook.delivered(EXTERNAL) == 1 && webhook.delivered(PENDING) == 1
        && webhook.of(PENDING).size() == requestsBeforeRestart + 1);
    assertThat(webhook.received).extracting(Webhook.Received::groupKey).containsOnly(HIGH, EXTERNAL, PENDING);
  }
}

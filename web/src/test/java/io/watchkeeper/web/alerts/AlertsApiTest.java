package io.watchkeeper.web.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.ReceiverTester;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.escalation.EscalationManager;
import io.watchkeeper.alerting.escalation.EscalationPolicy;
import io.watchkeeper.alerting.escalation.InMemoryEscalationStore;
import io.watchkeeper.alerting.history.AlertHistory;
import io.watchkeeper.alerting.history.HistoryOptions;
import io.watchkeeper.alerting.history.InMemoryAlertHistoryStore;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seeds' /api/alerts on a real web server on 127.0.0.1, over the notification side with a settable clock. */
class AlertsApiTest {
  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger receiverStatus = new AtomicInteger(200);
  private HttpServer receiver;
  private NotificationManager alerting;
  private AlertHistory history;
  private EscalationManager escalations;
  private WebServer web;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", ex -> {
      received.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(receiverStatus.get(), -1);
      ex.close();
    });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    RouteConfig critical = RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("team")
        .escalation("oncall").build();
    RouteConfig root = RouteConfig.builder().receiver("team").groupBy("alertname").groupWait(Duration.ofSeconds(30)).routes(critical)
        .build();
    NotificationsConfig config = new NotificationsConfig(AlertIntake.DEFAULT_RESOLVE_TIMEOUT, root,
        List.of(ReceiverConfig.of("team", WebhookConfig.of(base + "/team")), ReceiverConfig.of("pager", WebhookConfig.of(base + "/pager"))),
        List.of(), TimeIntervals.NONE, "", List.of(new EscalationPolicy("oncall",
            List.of(new EscalationPolicy.Step(Duration.ofMinutes(5), List.of("pager"))))), HistoryOptions.DEFAULTS);
    alerting = new NotificationManager(config, new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(),
        new InMemoryOutbox()), clock, new PrometheusRegistry(), NotificationOptions.defaults("http://wk:9095"), new NotifierFactory());
    history = new AlertHistory(new InMemoryAlertHistoryStore(), clock, HistoryOptions.DEFAULTS);
    history.attach(alerting);
    escalations = new EscalationManager(alerting, new InMemoryEscalationStore(), clock);
    alerting.startWithoutTimers();
    AlertsApi api = new AlertsApi(history, escalations, new ReceiverTester(alerting, clock), clock);
    web = new WebServer(WebOptions.of("127.0.0.1", 0), api.routes(), () -> true, new PrometheusRegistry());
    web.start();
  }

  @AfterEach
  void stop() {
    web.close();
    alerting.close();
    receiver.stop(0);
  }

  private void advance(Duration d) {
    now.set(now.get().plus(d));
    alerting.runDue();
    escalations.runDue();
    alerting.runDue();
    history.flush();
  }

  private void fire(String name, String severity, String instance) {
    alerting.send(List.of(new Alert(Labels.of("alertname", name, "severity", severity, "instance", instance),
        Labels.of("summary", name + " on " + instance, "runbook_url", "https://rb/" + name), T0, Instant.parse("0001-01-01T00:00:00Z"),
        "")));
    history.flush();
  }

  private record Answer(int status, JsonNode body) {}

  private Answer get(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), new ObjectMapper().readTree(r.body()));
  }

  private Answer post(String path, String json) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), new ObjectMapper().readTree(r.body()));
  }

  @Test
  void activeAlertsInTheSeedsEnvelopeWithTheirEscalation() throws Exception {
    fire("ApiDown", "critical", "api-1");
    advance(Duration.ofSeconds(30));

    Answer a = get("/api/alerts/active");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().path("success").asBoolean()).isTrue();
    JsonNode alert = a.body().path("data").path("alerts").get(0);
    assertThat(a.body().path("data").path("count").asInt()).isEqualTo(1);
    assertThat(alert.path("name").asText()).isEqualTo("ApiDown");
    assertThat(alert.path("severity").asText()).isEqualTo("critical");
    assertThat(alert.path("status").asText()).isEqualTo("firing");
    assertThat(alert.path("summary").asText()).isEqualTo("ApiDown on api-1");
    assertThat(alert.path("runbookUrl").asText()).isEqualTo("https://rb/ApiDown");
    assertThat(alert.path("notifications").asInt()).isEqualTo(1);
    assertThat(alert.path("escalations").get(0).path("policy").asText()).isEqualTo("oncall");
    assertThat(alert.path("labels").path("instance").asText()).isEqualTo("api-1");
  }

  @Test
  void acknowledgeStopsTheEscalationAndTheTimelineShowsIt() throws Exception {
    fire("ApiDown", "critical", "api-1");
    advance(Duration.ofSeconds(30));
    String id = get("/api/alerts/active").body().path("data").path("alerts").get(0).path("id").asText();

    now.set(now.get().plusSeconds(60));
    Answer ack = post("/api/alerts/" + id + "/acknowledge", "{\"by\": \"alice\"}");
    advance(Duration.ofMinutes(10));
    Answer one = get("/api/alerts/" + id);

    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.body().path("data").path("alert").path("status").asText()).isEqualTo("acknowledged");
    assertThat(ack.body().path("data").path("alert").path("acknowledgedBy").asText()).isEqualTo("alice");
    assertThat(ack.body().path("data").path("escalationsStopped").asInt()).isEqualTo(1);
    assertThat(received).noneMatch(r -> r.startsWith("/pager"));
    assertThat(one.body().path("data").path("timeline")).extracting(n -> n.path("type").asText())
        .containsExactly("firing", "notified", "acknowledged");
    assertThat(post("/api/alerts/999/acknowledge", "{}").status()).isEqualTo(404);
    assertThat(post("/api/alerts/abc/acknowledge", "{}").body().path("success").asBoolean()).isFalse();
  }

  @Test
  void resolveClosesByHandAndSendsTheResolution() throws Exception {
    fire("DiskFull", "warning", "db-1");
    advance(Duration.ofSeconds(30));
    String id = get("/api/alerts/active").body().path("data").path("alerts").get(0).path("id").asText();

    Answer r = post("/api/alerts/" + id + "/resolve?by=bob", "");
    advance(Duration.ofMinutes(5));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("data").path("alert").path("status").asText()).isEqualTo("resolved");
    assertThat(r.body().path("data").path("alert").path("resolvedBy").asText()).isEqualTo("bob");
    assertThat(r.body().path("data").path("resolutionSent").asBoolean()).isTrue();
    assertThat(get("/api/alerts/active").body().path("data").path("count").asInt()).isZero();
    assertThat(received).anyMatch(x -> x.startsWith("/team") && x.contains("\"status\":\"resolved\""));
    assertThat(post("/api/alerts/" + id + "/resolve", "{}").status()).isEqualTo(409);
  }

  @Test
  void historyIsFilteredAndPagedAndStatsCountBySeverityAndRule() throws Exception {
    fire("ApiDown", "critical", "a");
    fire("DiskFull", "warning", "b");
    fire("DiskFull", "warning", "c");
    advance(Duration.ofSeconds(30));

    Answer all = get("/api/alerts/history?limit=2&page=1");
    Answer warnings = get("/api/alerts/history?severity=warning&name=DiskFull&from=" + T0.minusSeconds(60) + "&to=" + T0.plusSeconds(3600));
    Answer bad = get("/api/alerts/history?limit=0");
    Answer stats = get("/api/alerts/stats?from=" + T0.minusSeconds(60).getEpochSecond() + "&to=" + T0.plusSeconds(3600).getEpochSecond());

    assertThat(all.body().path("data").path("alerts")).hasSize(2);
    assertThat(all.body().path("data").path("pagination").path("total").asInt()).isEqualTo(3);
    assertThat(all.body().path("data").path("pagination").path("pages").asInt()).isEqualTo(2);
    assertThat(warnings.body().path("data").path("alerts")).hasSize(2);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").asText()).contains("limit");
    JsonNode s = stats.body().path("data");
    assertThat(s.path("total").asInt()).isEqualTo(3);
    assertThat(s.path("bySeverity").path("warning").asInt()).isEqualTo(2);
    assertThat(s.path("byRule").path("ApiDown").asInt()).isEqualTo(1);
    assertThat(s.path("noisiestRules").get(0).path("name").asText()).isEqualTo("DiskFull");
    assertThat(s.path("meanTimeToAcknowledgeSeconds").isNull()).isTrue();
  }

  @Test
  void testNotificationReportsEachIntegration() throws Exception {
    Answer ok = post("/api/alerts/test", "{\"receiver\": \"team\"}");
    receiverStatus.set(500);
    Answer failing = post("/api/alerts/test", "{\"receiver\": \"pager\"}");
    Answer unknown = post("/api/alerts/test", "{\"receiver\": \"nobody\"}");
    Answer missing = post("/api/alerts/test", "{}");

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().path("data").path("results").get(0).path("integration").asText()).isEqualTo("team/webhook/0");
    assertThat(ok.body().path("data").path("results").get(0).path("success").asBoolean()).isTrue();
    assertThat(received).anyMatch(r -> r.startsWith("/team") && r.contains("WatchkeeperTestNotification"));
    assertThat(failing.status()).isEqualTo(502);
    assertThat(failing.body().path("success").asBoolean()).isFalse();
    assertThat(failing.body().path("data").path("results").get(0).path("error").asText()).contains("500");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(400);
  }
}

package io.watchkeeper.web.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.dispatch.AlertIntake;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.inhibit.InhibitRule;
import io.watchkeeper.alerting.notify.InMemoryNotificationLog;
import io.watchkeeper.alerting.notify.InMemoryOutbox;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.silence.InMemorySilenceStore;
import io.watchkeeper.alerting.timeinterval.TimeIntervals;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import io.watchkeeper.web.api.BuildInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v2 API on a real web server on 127.0.0.1, over the notification side with a settable clock. */
class AlertmanagerApiTest {
  static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = now::get;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> hooks = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private NotificationManager alerting;
  private WebServer web;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", ex -> {
      hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    RouteConfig route = RouteConfig.builder().receiver("team").groupBy("alertname").routes(
        RouteConfig.builder().matchers(AlertMatchers.parseAll("severity=\"critical\"")).receiver("pager").build()).build();
    WebhookConfig w = new WebhookConfig(io.watchkeeper.model.Secret.of(hook), true, 10, java.util.Optional.empty(),
        java.util.Optional.empty(), Duration.ofSeconds(5));
    NotificationsConfig config = new NotificationsConfig(AlertIntake.DEFAULT_RESOLVE_TIMEOUT, route,
        List.of(ReceiverConfig.of("team", w), ReceiverConfig.of("pager", w)),
        List.of(new InhibitRule(AlertMatchers.parseAll("severity=\"critical\""), AlertMatchers.parseAll("severity=\"warning\""),
            List.of("service"))), TimeIntervals.NONE, "route:\n  receiver: team\n");
    alerting = new NotificationManager(config, new NotificationManager.Stores(new InMemorySilenceStore(), new InMemoryNotificationLog(),
        new InMemoryOutbox()), clock, new PrometheusRegistry(), NotificationOptions.defaults("http://wk:9095"), new NotifierFactory());
    alerting.startWithoutTimers();
    AlertmanagerApi api = new AlertmanagerApi(alerting, new BuildInfo("0.1.0", "abc", "main", "ci", "20240301", "java21"), T0, clock);
    web = new WebServer(WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO), api.routes(), () -> true, new PrometheusRegistry());
    web.start();
  }

  @AfterEach
  void stop() {
    web.close();
    alerting.close();
    receiver.stop(0);
    client.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + web.port() + path;
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json");
    b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return new ObjectMapper().readTree(r.body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static final String ALERT = "[{\"labels\":{\"alertname\":\"HighCPU\",\"instance\":\"web-1\"},"
      + "\"annotations\":{\"summary\":\"hot\"},\"generatorURL\":\"http://prom/graph\"}]";

  @Test
  void postedAlertIsListedAsAlertmanagerListsIt() throws Exception {
    assertThat(send("POST", "/api/v2/alerts", ALERT).statusCode()).isEqualTo(200);

    HttpResponse<String> r = send("GET", "/api/v2/alerts", "");

    assertThat(r.statusCode()).isEqualTo(200);
    // Alertmanager 0.25 answered exactly this for the same alert (fingerprint included), but for the times.
    assertThat(r.body()).isEqualTo("[{\"annotations\":{\"summary\":\"hot\"},\"endsAt\":\"2024-03-01T10:05:00.000Z\","
        + "\"fingerprint\":\"e4da87a3498b5bd1\",\"receivers\":[{\"name\":\"team\"}],\"startsAt\":\"2024-03-01T10:00:00.000Z\","
        + "\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":\"active\"},\"updatedAt\":\"2024-03-01T10:00:00.000Z\","
        + "\"generatorURL\":\"http://prom/graph\",\"labels\":{\"alertname\":\"HighCPU\",\"instance\":\"web-1\"}}]");
    now.set(T0.plusSeconds(301));
    assertThat(json(send("GET", "/api/v2/alerts", ""))).as("resolved by the resolve timeout").isEmpty();
  }

  @Test
  void invalidAlertsAreRefusedWithAlertmanagersMessages() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v2/alerts", "[{\"labels\":{}}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("\"at least one label pair required\"");
    assertThat(send("POST", "/api/v2/alerts", "{not json").statusCode()).isEqualTo(400);
    HttpResponse<String> bad = send("GET", "/api/v2/alerts?filter=bad", "");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("\"bad matcher format: bad\"");
  }

  @Test
  void silenceMutesTheAlertAndFiltersSeeIt() throws Exception {
    send("POST", "/api/v2/alerts", ALERT);
    HttpResponse<String> created = send("POST", "/api/v2/silences", "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"HighCPU\","
        + "\"isRegex\":false,\"isEqual\":true}],\"startsAt\":\"2024-03-01T09:00:00Z\",\"endsAt\":\"2024-03-01T12:00:00Z\","
        + "\"createdBy\":\"alice\",\"comment\":\"deploying\"}");
    assertThat(created.statusCode()).isEqualTo(200);
    String id = json(created).get("silenceID").asText();

    JsonNode alert = json(send("GET", "/api/v2/alerts", "")).get(0);
    assertThat(alert.get("status").get("state").asText()).isEqualTo("suppressed");
    assertThat(alert.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);
    assertThat(json(send("GET", "/api/v2/alerts?silenced=false", ""))).isEmpty();
    assertThat(json(send("GET", "/api/v2/alerts?filter=" + q("alertname=\"HighCPU\""), ""))).hasSize(1);
    assertThat(json(send("GET", "/api/v2/alerts?filter=" + q("alertname=\"Other\""), ""))).isEmpty();

    HttpResponse<String> one = send("GET", "/api/v2/silence/" + id, "");
    assertThat(one.body()).isEqualTo("{\"id\":\"" + id + "\",\"status\":{\"state\":\"active\"},\"updatedAt\":\"2024-03-01T10:00:00.000Z\","
        + "\"comment\":\"deploying\",\"createdBy\":\"alice\",\"endsAt\":\"2024-03-01T12:00:00.000Z\",\"matchers\":[{\"isEqual\":true,"
        + "\"isRegex\":false,\"name\":\"alertname\",\"value\":\"HighCPU\"}],\"startsAt\":\"2024-03-01T10:00:00.000Z\"}");
    assertThat(json(send("GET", "/api/v2/silences?filter=" + q("alertname=~\"High.*\""), ""))).hasSize(1);

    assertThat(send("DELETE", "/api/v2/silence/" + id, "").statusCode()).isEqualTo(200);
    assertThat(json(send("GET", "/api/v2/silences", "")).get(0).get("status").get("state").asText()).isEqualTo("expired");
    assertThat(json(send("GET", "/api/v2/alerts", "")).get(0).get("status").get("state").asText()).isEqualTo("active");
  }

  @Test
  void silenceRequestsAreValidatedAsAlertmanagerDoes() throws Exception {
    HttpResponse<String> noMatchers = send("POST", "/api/v2/silences", "{\"matchers\":[],\"startsAt\":\"2024-03-01T10:00:00Z\","
        + "\"endsAt\":\"2024-03-01T11:00:00Z\",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(noMatchers.statusCode()).isEqualTo(422);
    assertThat(noMatchers.body()).isEqualTo("{\"code\":612,\"message\":\"matchers in body should have at least 1 items\"}");
    HttpResponse<String> noComment = send("POST", "/api/v2/silences", "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false}],"
        + "\"startsAt\":\"2024-03-01T10:00:00Z\",\"endsAt\":\"2024-03-01T11:00:00Z\",\"createdBy\":\"me\"}");
    assertThat(noComment.statusCode()).isEqualTo(422);
    assertThat(noComment.body()).isEqualTo("{\"code\":602,\"message\":\"comment in body is required\"}");
    HttpResponse<String> backwards = send("POST", "/api/v2/silences", "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false}],"
        + "\"startsAt\":\"2024-03-01T11:00:00Z\",\"endsAt\":\"2024-03-01T10:00:00Z\",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(backwards.body()).isEqualTo("\"Failed to create silence: start time must be before end time\"");
    HttpResponse<String> badId = send("GET", "/api/v2/silence/nonexistent", "");
    assertThat(badId.statusCode()).isEqualTo(422);
    assertThat(badId.body()).isEqualTo("{\"code\":601,\"message\":\"silenceID in path must be of type uuid: \\\"nonexistent\\\"\"}");
    assertThat(send("GET", "/api/v2/silence/00000000-0000-0000-0000-000000000000", "").statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/api/v2/silence/00000000-0000-0000-0000-000000000000", "").statusCode()).isEqualTo(404);
  }

  @Test
  void inhibitedAlertShowsItsInhibitorAndGroupsAreListed() throws Exception {
    send("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"ApiDown\",\"service\":\"api\",\"severity\":\"critical\"}},"
        + "{\"labels\":{\"alertname\":\"ApiSlow\",\"service\":\"api\",\"severity\":\"warning\"}}]");

    JsonNode alerts = json(send("GET", "/api/v2/alerts?filter=" + q("alertname=\"ApiSlow\""), ""));
    assertThat(alerts.get(0).get("status").get("inhibitedBy")).hasSize(1);
    assertThat(json(send("GET", "/api/v2/alerts?inhibited=false", ""))).extracting(a -> a.get("labels").get("alertname").asText())
        .containsExactly("ApiDown");
    assertThat(json(send("GET", "/api/v2/alerts?receiver=pager", ""))).hasSize(1);

    JsonNode groups = json(send("GET", "/api/v2/alerts/groups", ""));
    assertThat(groups).extracting(g -> g.get("receiver").get("name").asText()).containsExactlyInAnyOrder("pager", "team");
    assertThat(groups.get(0).get("labels").has("alertname")).isTrue();
  }

  @Test
  void statusAndReceivers() throws Exception {
    JsonNode status = json(send("GET", "/api/v2/status", ""));
    assertThat(status.get("cluster").get("status").asText()).isEqualTo("disabled");
    assertThat(status.get("config").get("original").asText()).isEqualTo("route:\n  receiver: team\n");
    assertThat(status.get("versionInfo").get("version").asText()).isEqualTo("0.1.0");
    assertThat(status.get("uptime").asText()).isEqualTo("2024-03-01T10:00:00.000Z");
    assertThat(send("GET", "/api/v2/receivers", "").body()).isEqualTo("[{\"name\":\"team\"},{\"name\":\"pager\"}]");
  }

  @Test
  void aFloodOfAHundredThousandPostedAlertsIsGroupedNotSentOneByOne() throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"labels\":{\"alertname\":\"InstanceDown\",\"instance\":\"host-").append(i).append("\"}}");
    }
    body.append(']');

    assertThat(send("POST", "/api/v2/alerts", body.toString()).statusCode()).isEqualTo(200);
    now.set(T0.plusSeconds(30));
    alerting.runDue();

    assertThat(alerting.alerts().size()).isEqualTo(100_000);
    assertThat(alerting.dispatcher().orElseThrow().groupCount()).isEqualTo(1);
    assertThat(hooks).hasSize(1);
    assertThat(new ObjectMapper().readTree(hooks.get(0)).get("truncatedAlerts").asInt()).isEqualTo(99_990);
  }
}

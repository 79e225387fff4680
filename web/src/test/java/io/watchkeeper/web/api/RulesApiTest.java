package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.rules.AlertingRuleConfig;
import io.watchkeeper.rules.QueryFunction;
import io.watchkeeper.rules.RecordingRuleConfig;
import io.watchkeeper.rules.RuleConfig;
import io.watchkeeper.rules.RuleGroup;
import io.watchkeeper.rules.RuleGroupConfig;
import io.watchkeeper.rules.RuleManager;
import io.watchkeeper.rules.RuleManagerOptions;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts} over a real {@link RuleManager} whose groups
 * the test evaluates on a manual clock against in-memory storage and the PromQL engine. Every
 * query takes 125 ms of that clock, so evaluation times and starts are exact.
 *
 * <p>At 10:05, five minutes after the first evaluation at 10:00: {@code InstanceDown} fires
 * ({@code for: 5m}), {@code QueueBacklog} is pending ({@code for: 10m}), {@code ErrorsSeen} keeps
 * firing after its series went stale ({@code keep_firing_for: 10m}), the {@code node} group's
 * recording rule fails on the group limit, and the {@code later} group was never evaluated.
 */
class RulesApiTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant T5 = T0.plus(Duration.ofMinutes(5));
  private static final Duration QUERY_TIME = Duration.ofMillis(125);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final InMemoryStorage storage = new InMemoryStorage();
  private static final PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1));
  private static final ManualClockScheduler scheduler = new ManualClockScheduler(T0);
  private static RuleManager manager;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    for (Instant t = T0.minus(Duration.ofMinutes(1)); !t.isAfter(T5); t = t.plus(Duration.ofMinutes(1))) {
      write(Labels.of("__name__", "up", "job", "api", "instance", "a"), t, 0);
      write(Labels.of("__name__", "up", "job", "api", "instance", "b"), t, 1);
      write(Labels.of("__name__", "queue_depth", "queue", "emails"), t, 0.25);
    }
    Labels errors = Labels.of("__name__", "errors", "job", "api");
    write(errors, T0.minus(Duration.ofMinutes(1)), 3);
    write(errors, T0, 3);
    write(errors, T0.plus(Duration.ofMinutes(1)), StaleMarker.STALE_NAN);

    QueryFunction query =
        (expr, t) -> {
          scheduler.advance(QUERY_TIME);
          return engine.instantQuery(storage, expr, t).value();
        };
    manager =
        new RuleManager(
            RuleManagerOptions.of(query, storage, storage, alerts -> {}, new PrometheusRegistry()).withScheduler(scheduler));
    // Out of order on purpose: the API sorts groups by file, then name.
    manager.applyConfig(
        List.of(
            group("node", "rules/node.yml", Duration.ofMinutes(1), 1, new RecordingRuleConfig("instance:up:count", "up", Map.of())),
            group("later", "rules/api.yml", null, 0, AlertingRuleConfig.of("Never", "vector(1)", Duration.ofMinutes(1))),
            group(
                "api",
                "rules/api.yml",
                Duration.ofSeconds(30),
                0,
                new RecordingRuleConfig("job:up:sum", "sum by (job) (up)", Map.of()),
                new RecordingRuleConfig("job:queue_depth:max", "max(queue_depth)", Map.of("team", "mail")),
                new AlertingRuleConfig(
                    "InstanceDown",
                    "up == 0",
                    Duration.ofMinutes(5),
                    Duration.ZERO,
                    Map.of("severity", "page"),
                    Map.of("summary", "Instance {{ $labels.instance }} down")),
                AlertingRuleConfig.of("QueueBacklog", "queue_depth > 0", Duration.ofMinutes(10)),
                new AlertingRuleConfig("ErrorsSeen", "errors > 0", Duration.ZERO, Duration.ofMinutes(10), Map.of(), Map.of()))));
    evaluate("api", T0);
    evaluate("api", T5);
    evaluate("node", T5);
    server = new TestServer(RuleRetriever.of(manager::groups, manager::activeAlerts));
  }

  @AfterAll
  static void stop() {
    server.close();
    manager.close();
    engine.close();
  }

  private static RuleGroupConfig group(String name, String file, @Nullable Duration interval, int limit, RuleConfig... rules) {
    return new RuleGroupConfig(name, file, Optional.ofNullable(interval), limit, Optional.empty(), Map.of(), List.of(rules));
  }

  private static void write(Labels labels, Instant t, double v) throws AppendException {
    Appender app = storage.appender();
    app.append(0, labels, t.toEpochMilli(), v);
    app.commit();
  }

  /** Evaluates the group at {@code t}, starting at {@code t} by the clock. */
  private static void evaluate(String group, Instant t) {
    scheduler.set(t);
    for (RuleGroup g : manager.groups()) {
      if (g.name().equals(group)) {
        g.evaluate(t);
      }
    }
  }

  /** The rules of an answer as {@code group/rule}, in order. */
  private static List<String> rulesOf(String body) {
    List<String> out = new ArrayList<>();
    for (JsonNode g : tree(body).path("data").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        out.add(g.path("name").asText() + "/" + r.path("name").asText());
      }
    }
    return out;
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rulesListsGroupsByFileThenNameWithTheirRulesAndAlerts() {
    HttpResponse<String> r = server.get("/api/v1/rules");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    Goldens.assertJson(r.body(), "rules.json");
  }

  @Test
  void alertsListsThePendingAndFiringAlerts() {
    HttpResponse<String> r = server.get("/api/v1/alerts");

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "alerts.json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "type=alert                                      | api/InstanceDown api/QueueBacklog api/ErrorsSeen later/Never",
        "type=ALERT                                      | api/InstanceDown api/QueueBacklog api/ErrorsSeen later/Never",
        "type=record                                     | api/job:up:sum api/job:queue_depth:max node/instance:up:count",
        "type=                                           | api/job:up:sum api/job:queue_depth:max api/InstanceDown api/QueueBacklog api/ErrorsSeen later/Never node/instance:up:count",
        "rule_name[]=InstanceDown&rule_name[]=instance:up:count | api/InstanceDown node/instance:up:count",
        "rule_name[]=job:up:sum&type=alert               | ''",
        "rule_group[]=later&rule_group[]=node            | later/Never node/instance:up:count",
        "file[]=rules/node.yml                           | node/instance:up:count",
        "file[]=rules/api.yml&type=record                | api/job:up:sum api/job:queue_depth:max",
        "file[]=rules/api.yml&rule_group[]=node          | ''",
        "rule_name[]=                                    | ''",
      })
  void filtersByTypeNameGroupAndFileAndDropsGroupsLeftEmpty(String query, String expected) {
    HttpResponse<String> r = server.get("/api/v1/rules?" + query.replace("[", "%5B").replace("]", "%5D"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(rulesOf(r.body())).containsExactly(expected.isEmpty() ? new String[0] : expected.split(" "));
    if (expected.isEmpty()) {
      assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"groups\":[]}}");
    }
  }

  @ParameterizedTest
  @CsvSource({"true", "TRUE", "1", "t"})
  void excludeAlertsWritesNullAlerts(String value) {
    String body = server.get("/api/v1/rules?exclude_alerts=" + value).body();

    // Prometheus leaves the alerts out as a nil slice, which Go writes as null; the rest is unchanged.
    JsonNode expected = tree(Goldens.json("rules.json"));
    for (JsonNode g : expected.path("data").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        if (r.has("alerts")) {
          ((ObjectNode) r).putNull("alerts");
        }
      }
    }
    assertThat(tree(body)).isEqualTo(expected);
    assertThat(body).contains("\"alerts\":null").doesNotContain("activeAt");
  }

  @ParameterizedTest
  @CsvSource({"false", "False", "0", "f"})
  void excludeAlertsFalseKeepsThem(String value) {
    Goldens.assertJson(server.get("/api/v1/rules?exclude_alerts=" + value).body(), "rules.json");
  }

  @Test
  void anUnsupportedTypeIsBadData() {
    HttpResponse<String> r = server.get("/api/v1/rules?type=Bad");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body())
        .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"type\\\": not supported value \\\"bad\\\"\"}");
  }

  @Test
  void anExcludeAlertsThatIsNoBooleanIsBadData() {
    HttpResponse<String> r = server.get("/api/v1/rules?exclude_alerts=Yes");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"exclude_alerts\\\": "
                + "error converting exclude_alerts: strconv.ParseBool: parsing \\\"yes\\\": invalid syntax\"}");
  }

  @Test
  void bothEndpointsAnswerOnlyGet() {
    HttpResponse<String> post =
        server.send(HttpRequest.newBuilder(server.uri("/api/v1/alerts")).POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void withoutRulesTheEndpointsAreNotServed() {
    try (TestServer plain = new TestServer()) {
      HttpResponse<String> rules = plain.get("/api/v1/rules");
      HttpResponse<String> alerts = plain.get("/api/v1/alerts");

      assertThat(rules.statusCode()).isEqualTo(404);
      assertThat(rules.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"not_found\",\"error\":\"unknown API endpoint /api/v1/rules\"}");
      assertThat(alerts.statusCode()).isEqualTo(404);
    }
  }
}

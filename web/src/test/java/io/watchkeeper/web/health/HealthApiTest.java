package io.watchkeeper.web.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.probe.CheckResult;
import io.watchkeeper.probe.GroupSpec;
import io.watchkeeper.probe.HttpSpec;
import io.watchkeeper.probe.InMemoryStatusHistory;
import io.watchkeeper.probe.MonitorConfig;
import io.watchkeeper.probe.MonitorState;
import io.watchkeeper.probe.PostgresSpec;
import io.watchkeeper.probe.RedisSpec;
import io.watchkeeper.probe.Status;
import io.watchkeeper.probe.StatusChange;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health API on a real web server, over fake monitor states and own-check sources. */
class HealthApiTest {
  private static final Instant NOW = Instant.parse("2024-01-15T10:30:00Z");
  private static final Instant STARTED = NOW.minus(Duration.ofDays(1));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<MonitorState> states = new CopyOnWriteArrayList<>();
  private final InMemoryStatusHistory history = new InMemoryStatusHistory();
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final AtomicReference<String> storageFailure = new AtomicReference<>("");
  private final AtomicLong diskUsable = new AtomicLong(600);
  private final AtomicReference<ScrapeHealth.Targets> targets = new AtomicReference<>(new ScrapeHealth.Targets(3, 3, List.of()));
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WebServer web;

  @BeforeEach
  void start() throws IOException {
    HealthApi api = HealthApi.builder(HealthOptions.of("1.0.0", "production", STARTED, Clock.fixed(NOW, ZoneOffset.UTC)))
        .monitors(() -> List.copyOf(states))
        .history(history)
        .storage(() -> {
          if (!storageFailure.get().isEmpty()) {
            throw new IOException(storageFailure.get());
          }
        })
        .disk(() -> new DiskSpace.Usage("/var/lib/watchkeeper", 1000, diskUsable.get()))
        .memory(() -> new MemoryUsage.Usage(256L << 20, 1L << 30))
        .scrapes(targets::get)
        .ready(ready::get)
        .build();
    web = new WebServer(WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO), api.routes(), () -> true,
        new PrometheusRegistry());
    web.start();
  }

  @AfterEach
  void stop() {
    web.close();
    client.close();
  }

  private record Answer(int status, JsonNode body) {}

  private Answer get(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  private static MonitorState state(MonitorConfig c, Status status, String message, long millis) {
    CheckResult last = new CheckResult(NOW.minusSeconds(5), Duration.ofMillis(millis), status, message, 1);
    return new MonitorState(c, status, NOW.minusSeconds(600), message, Optional.of(last), status == Status.UNHEALTHY ? 2 : 0, 1);
  }

  private void seedMonitors() {
    states.add(state(MonitorConfig.of("database", new PostgresSpec("jdbc:postgresql://db/crm", "monitor",
        io.watchkeeper.model.Secret.EMPTY, "SELECT 1", true, "watchkeeper_probe", 0)).withLabels(Map.of("severity", "critical")),
        Status.HEALTHY, "SELECT 1 in 45ms, write test in 12ms (connect 3ms)", 45));
    states.add(state(MonitorConfig.of("redis", RedisSpec.of("cache", 6379)), Status.HEALTHY, "PING in 12ms", 12));
    states.add(state(MonitorConfig.of("external_apis", GroupSpec.of(List.of("database", "redis"))), Status.DEGRADED,
        "2/3 members healthy; failing: telnyx", 1250));
  }

  @Test
  void answersTheSeedsShape() throws Exception {
    seedMonitors();

    Answer a = get("/api/health");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().get("success").asBoolean()).isTrue();
    JsonNode data = a.body().get("data");
    assertThat(data.get("overall").asText()).isEqualTo("degraded");
    assertThat(data.get("timestamp").asText()).isEqualTo("2024-01-15T10:30:00Z");
    assertThat(data.get("version").asText()).isEqualTo("1.0.0");
    assertThat(data.get("uptime").asLong()).isEqualTo(86_400_000L);
    assertThat(data.get("environment").asText()).isEqualTo("production");
    List<String> names = new ArrayList<>();
    data.get("checks").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).containsExactly("database", "redis", "external_apis", "storage", "disk", "memory", "scrapes");
    JsonNode db = data.get("checks").get(0);
    assertThat(db.get("status").asText()).isEqualTo("healthy");
    assertThat(db.get("message").asText()).isEqualTo("SELECT 1 in 45ms, write test in 12ms (connect 3ms)");
    assertThat(db.get("duration").asLong()).isEqualTo(45);
    assertThat(db.get("timestamp").asText()).isEqualTo("2024-01-15T10:29:55Z");
    assertThat(db.has("details")).isFalse();
    JsonNode ext = data.get("checks").get(2);
    assertThat(ext.get("status").asText()).isEqualTo("degraded");
    assertThat(ext.get("duration").asLong()).isEqualTo(1250);
    assertThat(data.get("checks").get(4).get("message").asText()).isEqualTo("Disk 40.0% used (600 B free of 1000 B) at"
        + " /var/lib/watchkeeper");
  }

  @Test
  void anUnhealthyCheckMakesIt503() throws Exception {
    seedMonitors();
    states.set(1, state(states.get(1).config(), Status.UNHEALTHY, "cannot talk to Redis at cache:6379: Connection refused", 3));

    Answer a = get("/api/health");

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().get("success").asBoolean()).isTrue();
    assertThat(a.body().get("data").get("overall").asText()).isEqualTo("unhealthy");
  }

  @Test
  void ownChecksFollowTheSeedsPercentages() throws Exception {
    diskUsable.set(150); // 85 % used
    targets.set(new ScrapeHealth.Targets(2, 3, List.of("node/10.0.0.3:9100")));

    Answer degraded = get("/api/health");
    diskUsable.set(50); // 95 % used
    storageFailure.set("no space left on device");
    Answer unhealthy = get("/api/health");

    assertThat(degraded.status()).isEqualTo(200);
    assertThat(degraded.body().get("data").get("overall").asText()).isEqualTo("degraded");
    assertThat(check(degraded, "disk").get("status").asText()).isEqualTo("degraded");
    assertThat(check(degraded, "scrapes").get("message").asText()).isEqualTo("2/3 scrape targets up; down: node/10.0.0.3:9100");
    assertThat(check(degraded, "memory").get("message").asText()).isEqualTo("Heap 25.0% used (256.0 MiB of 1.0 GiB)");
    assertThat(unhealthy.status()).isEqualTo(503);
    assertThat(check(unhealthy, "disk").get("status").asText()).isEqualTo("unhealthy");
    assertThat(check(unhealthy, "storage").get("message").asText()).isEqualTo("Storage does not accept writes: no space left on device");
  }

  /** Just after a start no target has been scraped: that is not a failure (it was 503 before). */
  @Test
  void targetsNotScrapedYetDoNotCountAsDown() throws Exception {
    targets.set(new ScrapeHealth.Targets(0, 2, List.of()));
    Answer starting = get("/api/health");
    targets.set(new ScrapeHealth.Targets(1, 3, List.of("node/10.0.0.3:9100")));
    Answer partly = get("/api/health");
    targets.set(new ScrapeHealth.Targets(1, 2, List.of()));
    Answer upAndUnknown = get("/api/health");

    assertThat(starting.status()).isEqualTo(200);
    assertThat(check(starting, "scrapes").get("status").asText()).isEqualTo("healthy");
    assertThat(check(starting, "scrapes").get("message").asText()).isEqualTo("2 scrape targets, none scraped yet");
    assertThat(check(partly, "scrapes").get("status").asText()).isEqualTo("degraded");
    assertThat(check(partly, "scrapes").get("message").asText())
        .isEqualTo("1/3 scrape targets up, 1 not scraped yet; down: node/10.0.0.3:9100");
    assertThat(check(upAndUnknown, "scrapes").get("status").asText()).isEqualTo("healthy");
    assertThat(check(upAndUnknown, "scrapes").get("message").asText()).isEqualTo("1/2 scrape targets up, 1 not scraped yet");
  }

  private static JsonNode check(Answer a, String name) {
    for (JsonNode c : a.body().get("data").get("checks")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check " + name);
  }

  @Test
  void oneCheckByNameAndAClearErrorForAnUnknownOne() throws Exception {
    seedMonitors();
    states.set(0, state(states.get(0).config(), Status.UNHEALTHY, "cannot connect to PostgreSQL at db/crm: refused", 3));

    Answer one = get("/api/health?check=redis");
    Answer down = get("/api/health?check=database");
    Answer unknown = get("/api/health?check=nope");

    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body().get("data").get("name").asText()).isEqualTo("redis");
    assertThat(one.body().get("data").get("message").asText()).isEqualTo("PING in 12ms");
    assertThat(down.status()).isEqualTo(503);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("success").asBoolean()).isFalse();
    assertThat(unknown.body().get("error").asText()).isEqualTo("unknown check \"nope\"; known checks: database, redis,"
        + " external_apis, storage, disk, memory, scrapes");
  }

  @Test
  void aMonitorNotCheckedYetIsUnknownAndDoesNotCount() throws Exception {
    states.add(new MonitorState(MonitorConfig.of("api", HttpSpec.get("http://api/")), Status.UNKNOWN, Instant.EPOCH,
        "not checked yet", Optional.empty(), 0, 0));

    Answer a = get("/api/health");

    assertThat(a.body().get("data").get("overall").asText()).isEqualTo("healthy");
    assertThat(check(a, "api").get("status").asText()).isEqualTo("unknown");
    assertThat(check(a, "api").get("message").asText()).isEqualTo("not checked yet");
  }

  @Test
  void ownChecksGiveWayToMonitorsOfTheSameName() throws Exception {
    states.add(state(MonitorConfig.of("disk", HttpSpec.get("http://disk-service/")), Status.HEALTHY, "HTTP 200 in 3ms", 3));

    Answer a = get("/api/health");

    assertThat(check(a, "disk").get("message").asText()).isEqualTo("HTTP 200 in 3ms");
    assertThat(check(a, "watchkeeper_disk").get("message").asText()).startsWith("Disk ");
  }

  @Test
  void liveAndReady() throws Exception {
    assertThat(get("/api/health/live").status()).isEqualTo(200);
    assertThat(get("/api/health/live").body().get("data").get("status").asText()).isEqualTo("alive");
    assertThat(get("/api/health/ready").status()).isEqualTo(200);

    ready.set(false);
    Answer starting = get("/api/health/ready");
    ready.set(true);
    storageFailure.set("WAL closed");
    Answer broken = get("/api/health/ready");

    assertThat(starting.status()).isEqualTo(503);
    assertThat(starting.body().get("success").asBoolean()).isFalse();
    assertThat(starting.body().get("data").get("status").asText()).isEqualTo("not_ready");
    assertThat(broken.status()).isEqualTo(503);
    assertThat(broken.body().get("data").get("reason").asText()).isEqualTo("Storage does not accept writes: WAL closed");
    assertThat(get("/api/health/live").status()).isEqualTo(200);
  }

  @Test
  void detailedAddsUptimeTransitionsAndFigures() throws Exception {
    seedMonitors();
    history.record(new StatusChange("database", Status.UNKNOWN, Status.HEALTHY, NOW.minus(Duration.ofDays(2)), "SELECT 1 in 3ms"));
    history.record(new StatusChange("database", Status.HEALTHY, Status.UNHEALTHY, NOW.minus(Duration.ofHours(6)), "refused"));
    history.record(new StatusChange("database", Status.UNHEALTHY, Status.HEALTHY, NOW.minus(Duration.ofHours(5)), "SELECT 1 in 3ms"));

    Answer a = get("/api/health/detailed");
    Answer one = get("/api/health/detailed?check=database");

    JsonNode db = check(a, "database").get("details");
    assertThat(db.get("type").asText()).isEqualTo("postgres");
    assertThat(db.get("labels").get("severity").asText()).isEqualTo("critical");
    assertThat(db.get("since").asText()).isEqualTo("2024-01-15T10:20:00Z");
    assertThat(db.get("uptime_percent").get("24h").asDouble()).isCloseTo(100.0 * 23 / 24, org.assertj.core.data.Offset.offset(0.001));
    assertThat(db.get("uptime_percent").get("90d").asDouble()).isCloseTo(100.0 * 47 / 48, org.assertj.core.data.Offset.offset(0.001));
    assertThat(db.get("recent_changes").get(0).get("to").asText()).isEqualTo("healthy");
    assertThat(db.get("recent_changes").get(1).get("reason").asText()).isEqualTo("refused");
    assertThat(check(a, "redis").get("details").get("uptime_percent").get("24h").isNull()).isTrue();
    assertThat(check(a, "disk").get("details").get("used_percent").asDouble()).isEqualTo(40.0);
    assertThat(a.body().get("data").get("runtime").get("processors").asInt()).isPositive();
    assertThat(one.body().get("data").get("details").get("type").asText()).isEqualTo("postgres");
  }
}

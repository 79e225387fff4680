package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as a user runs it: a separate JVM started with {@code server}, scraping a real
 * HTTP target, queried over HTTP, killed with SIGKILL, restarted on the same data directory —
 * and the data scraped before the kill is there again while scraping goes on.
 */
class ServerEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
  }

  /** Starts {@code watchkeeper server} in a new JVM and returns its URL once it listens. */
  private String startServer(Path config, Path data, List<String> log) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.watchkeeper.server.Main",
        "server", "--config", config.toString(), "--data-dir", data.toString(), "--listen", "127.0.0.1:0");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    processes.add(p);
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.add(line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IllegalStateException("server exited before listening: " + log));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    });
    return url.get(120, TimeUnit.SECONDS);
  }

  private JsonNode query(String base, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).as(r.body()).isEqualTo("success");
    return body.path("data");
  }

  /** How many WAL syncs the server has done, from its own /metrics. */
  private double walSyncs(String base) throws Exception {
    String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return text.lines().filter(l -> l.startsWith("watchkeeper_tsdb_wal_fsync_duration_seconds_count"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Timestamps (ms) of the stored samples of the target's counter between from and to (seconds). */
  private List<Long> storedTimestamps(String base, double from, double to) throws Exception {
    JsonNode result = query(base, "/api/v1/query?query=" + enc("http_requests_total[1h]") + "&time=" + to)
        .path("result");
    List<Long> out = new ArrayList<>();
    for (JsonNode series : result) {
      for (JsonNode point : series.path("values")) {
        double t = point.get(0).asDouble();
        if (t >= from) {
          out.add(Math.round(t * 1000));
        }
      }
    }
    return out;
  }

  /** Prometheus's own client, {@code promtool query instant}, reads our API (Debian package prometheus). */
  private static void promtoolQueriesUp(String base, String instance) throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    String missing = "promtool is not installed (apt-get install prometheus; .ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      assertThat(Files.isExecutable(promtool)).as(missing).isTrue(); // CI installs it: never skipped there
    }
    if (!Files.isExecutable(promtool)) {
      System.err.println("ServerEndToEndTest: " + missing + "; the promtool check did not run");
      return;
    }
    Process p = new ProcessBuilder(promtool.toString(), "query", "instant", base, "up{job=\"app\"}")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("up{instance=\"" + instance + "\", job=\"app\"} => 1 @[");
  }

  @Test
  void scrapesQueriesSurvivesKillMinus9AndGoesOn() throws Exception {
    try (FakeTarget target = new FakeTarget()) {
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: app
              static_configs:
                - targets: ['%s']
          """.formatted(target.address()));
      Path data = dir.resolve("data");
      List<String> log = new ArrayList<>();
      String base = startServer(config, data, log);

      // the scraped counter is queryable, rate() works on it
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        JsonNode r = query(base, "/api/v1/query?query=" + enc("rate(http_requests_total[10s])")).path("result");
        assertThat(r).hasSize(1);
        assertThat(r.get(0).path("metric").path("job").asText()).isEqualTo("app");
        assertThat(r.get(0).path("value").get(1).asDouble()).isBetween(5.0, 15.0);
      });
      JsonNode up = query(base, "/api/v1/query?query=" + enc("up{job=\"app\"}")).path("result");
      assertThat(up.get(0).path("value").get(1).asText()).isEqualTo("1");
      promtoolQueriesUp(base, target.address());

      // let a few more scrapes land, then wait past the WAL sync period (1 s) and kill -9
      long beforeKill = target.scrapes();
      await().atMost(Duration.ofSeconds(30)).until(() -> target.scrapes() >= beforeKill + 3);
      double now = System.currentTimeMillis() / 1000.0;
      List<Long> stored = storedTimestamps(base, 0, now);
      assertThat(stored).hasSizeGreaterThanOrEqualTo(3);
      // the documented durability bound: accepted data is on disk after the next WAL sync (<= 1 s)
      double syncs = walSyncs(base);
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> walSyncs(base) >= syncs + 2);
      Process first = processes.get(0);
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).isEqualTo(137); // SIGKILL, no shutdown hook ran

      // restart on the same data directory: everything seen before the kill is there again
      String base2 = startServer(config, data, log);
      List<Long> after = storedTimestamps(base2, 0, now);
      assertThat(after).containsAll(stored);
      // and scraping goes on
      double restarted = System.currentTimeMillis() / 1000.0;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(storedTimestamps(base2, restarted, System.currentTimeMillis() / 1000.0 + 1)).isNotEmpty());

      // a clean stop (SIGTERM) closes everything within the harness' bound
      Process second = processes.get(1);
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      synchronized (log) {
        assertThat(log).anyMatch(l -> l.contains("replay") || l.contains("TSDB opened"));
      }
    }
  }
}

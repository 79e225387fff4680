package io.watchkeeper.web.api;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link WebServer} on 127.0.0.1 with a free port, serving {@link PrometheusApi} over an
 * {@link InMemoryStorage}, the {@link FakeQueryEngine} and hand-written fakes of the other hooks,
 * with a JDK {@link HttpClient} to call it. "Now" is {@link #NOW}.
 */
final class TestServer implements AutoCloseable {
  /** The fixed "now": 2023-11-14T22:13:20Z. */
  static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);

  final InMemoryStorage storage = new InMemoryStorage();
  final FakeQueryEngine engine = new FakeQueryEngine();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final AtomicBoolean ready = new AtomicBoolean(true);
  final List<ActiveTarget> activeTargets = new CopyOnWriteArrayList<>();
  final List<DroppedTarget> droppedTargets = new CopyOnWriteArrayList<>();
  final Map<String, Integer> droppedCounts = new ConcurrentHashMap<>();
  final List<TargetMetadata> metadata = new CopyOnWriteArrayList<>();
  final AtomicReference<Optional<String>> reloadOutcome = new AtomicReference<>(Optional.empty());
  final AtomicInteger reloads = new AtomicInteger();
  final AtomicInteger flushes = new AtomicInteger();
  final AtomicReference<String> flushFailure = new AtomicReference<>("");
  final List<String> imported = new CopyOnWriteArrayList<>();
  final AtomicReference<ImportSummary> importOutcome = new AtomicReference<>(ImportSummary.completed(0, 0));
  final AtomicReference<Labels> externalLabels = new AtomicReference<>(Labels.EMPTY);

  private final WebServer web;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TestServer() {
    this(ApiOptions.defaults(), WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO));
  }

  TestServer(ApiOptions apiOptions, WebOptions webOptions) {
    this(apiOptions, webOptions, null, null);
  }

  /** A server that also serves {@code /api/v1/rules} and {@code /api/v1/alerts} from {@code rules}. */
  TestServer(RuleRetriever rules) {
    this(ApiOptions.defaults(), WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO), rules, null);
  }

  /**
   * A server whose {@code /api/v1/import} is served by the importer {@code importer} makes over
   * the server's storage (instead of the fake that records bodies).
   */
  TestServer(ApiOptions apiOptions, Function<InMemoryStorage, SampleImporter> importer) {
    this(apiOptions, WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO), null, importer);
  }

  private TestServer(ApiOptions apiOptions, WebOptions webOptions, @Nullable RuleRetriever rules,
      @Nullable Function<InMemoryStorage, SampleImporter> importer) {
    SampleImporter recording =
        (InputStream body, String contentType) -> {
          imported.add(contentType + "\n" + new String(body.readAllBytes(), StandardCharsets.UTF_8));
          return importOutcome.get();
        };
    PrometheusApi.Builder builder =
        PrometheusApi.builder()
            .queryable(storage)
            .appendable(storage)
            .queryEngine(engine)
            .selectorParser(PromqlParser::parseMetricSelector)
            .targets(
                new TargetRetriever() {
                  @Override
                  public List<ActiveTarget> activeTargets() {
                    return List.copyOf(activeTargets);
                  }

                  @Override
                  public List<DroppedTarget> droppedTargets() {
                    return List.copyOf(droppedTargets);
                  }

                  @Override
                  public Map<String, Integer> droppedTargetCounts() {
                    return Map.copyOf(droppedCounts);
                  }
                })
            .metadata(() -> List.copyOf(metadata))
            .reloader(
                () -> {
                  reloads.incrementAndGet();
                  return reloadOutcome.get();
                })
            .flusher(
                () -> {
                  if (!flushFailure.get().isEmpty()) {
                    throw new IOException(flushFailure.get());
                  }
                  flushes.incrementAndGet();
                })
            .importer(importer == null ? recording : importer.apply(storage))
            .buildInfo(new BuildInfo("0.1.0", "abc123", "main", "builder@host", "20261122-07:00:00", "java21.0.5"))
            .status(
                new ServerStatus() {
                  @Override
                  public RuntimeInfo runtimeInfo() {
                    return new RuntimeInfo(
                        Instant.parse("2023-11-14T20:00:00.5Z"), "/srv/watchkeeper", "host1", true, null, 0, "15d");
                  }

                  @Override
                  public String configYaml() {
                    return "global:\n  scrape_interval: 15s\n";
                  }

                  @Override
                  public Map<String, String> flags() {
                    return Map.of("storage.tsdb.retention.time", "15d", "config.file", "watchkeeper.yml");
                  }
                })
            .ready(ready::get)
            .registry(registry)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .options(apiOptions)
            .externalLabels(externalLabels::get);
    if (rules != null) {
      builder.rules(rules);
    }
    web = new WebServer(webOptions, builder.build().routes(), ready::get, registry);
    try {
      web.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return web.port();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + web.port() + pathAndQuery);
  }

  /** Appends samples {@code (t, v)} for one series; labels as name/value pairs. */
  void add(Labels labels, long t, double v) {
    Appender app = storage.appender();
    try {
      app.append(0, labels, t, v);
    } catch (AppendException e) {
      throw new IllegalStateException(e);
    }
    app.commit();
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  /** POSTs {@code params} (name, value, name, value...) form-encoded. */
  HttpResponse<String> postForm(String path, String... params) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(params)))
            .build());
  }

  HttpResponse<String> send(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<byte[]> sendForBytes(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code a=1&b=2} with URL encoding, from name/value pairs. */
  static String form(String... params) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < params.length; i += 2) {
      parts.add(URLEncoder.encode(params[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return String.join("&", parts);
  }

  /** {@code path?form(params)}. */
  static String query(String path, String... params) {
    return path + "?" + form(params);
  }

  static ActiveTarget target(String pool, String instance, TargetHealth health) {
    return new ActiveTarget(
        Labels.of("__address__", instance, "__metrics_path__", "/metrics", "__scheme__", "http", "job", pool),
        Labels.of("instance", instance, "job", pool),
        pool,
        "http://" + instance + "/metrics",
        "http://" + instance + "/metrics",
        health == TargetHealth.DOWN ? "connection refused" : "",
        health == TargetHealth.UNKNOWN ? null : Instant.parse("2023-11-14T22:13:10.2Z"),
        Duration.ofNanos(6_576_866),
        health,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    web.close();
    client.close();
  }
}

package io.watchkeeper.server;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.xerial.snappy.Snappy;

/**
 * The training run behind the launcher's start-up cache (on by default for {@code server}, {@code
 * WATCHKEEPER_AOT=off} to skip it; the JDK 25+ ahead-of-time cache, JEPs 483, 514 and 515): runs a
 * real server in a temporary directory against synthetic targets and sends it what a dashboard,
 * Prometheus and a backfill send, so that the JVM records which classes the server loads and how
 * its request paths behave. The launcher
 * runs this class with {@code -XX:AOTCacheOutput=FILE}; the JVM writes the cache when it exits.
 * Later starts load their classes from it already linked and, with the launcher's {@code
 * -XX:+AOTCompileEagerly}, compile what the training compiled as soon as its class is initialized:
 * the server is ready in about a second instead of ~1.6 s and its first queries are not run by the
 * interpreter. What it costs (memory, and ingestion compiled with these profiles) is measured in
 * the README's "Start-up cache".
 *
 * <p>The targets are served by Jetty and the requests sent on plain sockets, so the training loads
 * no HTTP classes the server does not use itself (each extra class in the cache is resident memory).
 *
 * <p>Nothing here is specific to one workload: the queries are the common shapes of dashboards and
 * rules (rates, aggregations, quantiles, joins, functions over time), over data the training
 * generates itself. It exits 0 when every request got the answer it expected, 1 otherwise (the
 * launcher then starts without a cache).
 */
public final class AotTraining {
  /** Synthetic targets scraped during the training; each serves its own series. */
  static final int TARGETS = 4;

  private static final String[] ROUTES = {"/users", "/orders", "/items", "/cart", "/login", "/search", "/reports", "/billing"};
  private static final String[] STATUSES = {"200", "404", "500"};
  private static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};

  /** Instant and range queries: the shapes dashboards and rules use most. */
  static final List<String> QUERIES = List.of(
      "up",
      "count by (job) (up)",
      "sum by (job) (rate(http_requests_total[1m]))",
      "sum by (route) (rate(http_requests_total[5m]))",
      "sum by (instance, status) (increase(http_requests_total[5m]))",
      "irate(http_requests_total{route=\"/users\"}[1m])",
      "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
      "histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[1m])))",
      "topk(5, sum by (instance) (rate(http_requests_total[5m])))",
      "bottomk(2, process_resident_memory_bytes)",
      "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))",
      "avg by (instance) (app_memory_used_bytes{area=\"heap\"})",
      "max_over_time(app_queue_depth[5m])",
      "avg_over_time(up[5m])",
      "quantile_over_time(0.9, app_queue_depth[5m])",
      "deriv(app_memory_used_bytes[5m])",
      "predict_linear(app_memory_used_bytes[5m], 3600)",
      "app_queue_depth > 10",
      "app_queue_depth > bool 10",
      "sum by (instance) (rate(http_requests_total[5m])) * on (instance) group_left (version) app_build_info",
      "label_replace(up, \"host\", \"$1\", \"instance\", \"([^:]+):.*\")",
      "absent(no_such_metric)",
      "sum without (status, method) (rate(http_requests_total[5m]))",
      "sort_desc(sum by (route) (rate(http_requests_total[5m])))",
      "time() - process_start_time_seconds",
      "scrape_duration_seconds",
      "sum(remote_written_total)",
      "imported_requests_total");

  /**
   * Queries for a metric nobody exports: dashboards ask them too (a service not deployed yet, a
   * typo), and their paths through selection and aggregation (nothing found) differ from the
   * others'. Without them the compiled code would meet those branches first in production, fall
   * back to the interpreter and be compiled again.
   */
  static final List<String> EMPTY_QUERIES = List.of(
      "no_such_metric",
      "count by (job) (no_such_metric)",
      "sum by (route) (rate(no_such_metric_total[5m]))",
      "histogram_quantile(0.9, sum by (le) (rate(no_such_metric_bucket[5m])))",
      "topk(3, sum by (instance) (no_such_metric))");

  private final String base;
  private int requests;

  private AotTraining(String base) {
    this.base = base;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    try {
      long t0 = System.nanoTime();
      int n = run(rounds);
      System.err.printf("start-up cache training: %d requests answered as expected in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    } catch (Exception | AssertionError e) {
      System.err.println("start-up cache training failed: " + e);
      System.exit(1);
    }
    System.exit(0);
  }

  /**
   * Starts synthetic targets and a server in a temporary directory, sends {@code rounds} rounds of
   * requests (half before and half after a flush to a block) and stops everything.
   *
   * @return how many requests were sent
   */
  static int run(int rounds) throws Exception {
    Path dir = Files.createTempDirectory("watchkeeper-training");
    List<Server> targets = new ArrayList<>();
    App app = null;
    try {
      long start = System.currentTimeMillis();
      for (int i = 0; i < TARGETS; i++) {
        targets.add(target(i, start));
      }
      int port = freePort();
      Path config = dir.resolve("watchkeeper.yml");
      Files.writeString(config, config(port, targets));
      Files.writeString(dir.resolve("rules.yml"), RULES);
      app = App.start(new App.Options(Optional.of(config), dir.resolve("data"), "127.0.0.1", port, Map.of()));
      AotTraining t = new AotTraining(app.url());
      t.awaitScrapes();
      t.push();
      for (int r = 0; r < rounds; r++) {
        if (r == rounds / 2) {
          t.expect("POST", "/api/v1/admin/tsdb/flush", null, null, 200, 204);
        }
        t.round(r);
      }
      // The SQL database is created by its first write (Database.embedded): a server that only
      // scrapes and answers queries never loads it, and the cache must not carry it either.
      if (Files.exists(dir.resolve("data").resolve("watchkeeper.mv.db"))) {
        throw new IOException("the training wrote to the SQL database: its engine would go into the start-up cache");
      }
      return t.requests;
    } finally {
      if (app != null) {
        app.close();
      }
      for (Server target : targets) {
        target.stop();
      }
      deleteTree(dir);
    }
  }

  private void awaitScrapes() throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      String body = get("/api/v1/query?query=" + enc("count(up == 1)"));
      if (body.contains("\"" + (TARGETS + 2) + "\"")) {
        Thread.sleep(2500); // a few samples per series, for the rates
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the synthetic targets were not scraped within 20 s: " + body);
      }
      Thread.sleep(200);
    }
  }

  /**
   * Remote write and import: data that did not come from a scrape. No alerts: they are written to
   * the SQL database, and a database created here would put its engine into the cache (see
   * {@link #run}).
   */
  private void push() throws IOException {
    long now = System.currentTimeMillis();
    expect("POST", "/api/v1/write", remoteWriteBody(now), "application/x-protobuf", 204, 200);
    StringBuilder text = new StringBuilder("# TYPE imported_requests_total counter\n");
    for (int m = 60; m > 0; m--) {
      text.append("imported_requests_total{route=\"/a\"} ").append(1000 - m).append(' ').append(now - m * 15_000L).append('\n');
    }
    expect("POST", "/api/v1/import", text.toString().getBytes(StandardCharsets.UTF_8), "text/plain", 200, 204);
  }

  private void round(int r) throws IOException {
    long now = System.currentTimeMillis() / 1000;
    for (String q : QUERIES) {
      String answer = get("/api/v1/query?query=" + enc(q) + "&time=" + now);
      if (r == 0 && !q.contains(" > 10") && answer.contains("\"result\":[]")) {
        throw new IOException("the training query " + q + " found no data: the synthetic workload and the queries disagree");
      }
      get("/api/v1/query_range?query=" + enc(q) + "&start=" + (now - 300) + "&end=" + now + "&step=" + (r % 2 == 0 ? 15 : 1));
    }
    for (String q : EMPTY_QUERIES) {
      for (String path : List.of("/api/v1/query?query=" + enc(q) + "&time=" + now,
          "/api/v1/query_range?query=" + enc(q) + "&start=" + (now - 3600) + "&end=" + now + "&step=15")) {
        String answer = get(path);
        if (!answer.contains("\"result\":[]")) {
          throw new IOException("the training query " + q + " found data: " + answer);
        }
      }
    }
    expect("GET", "/api/v1/query?query=" + enc("sum(rate(up[5m])"), null, null, 400);
    expect("GET", "/api/v1/query?query=" + enc("rate(up)"), null, null, 400);
    for (String path : List.of("/api/v1/series?match[]=up", "/api/v1/labels", "/api/v1/label/job/values",
        "/api/v1/targets", "/api/v1/metadata", "/api/v1/rules", "/api/v1/alerts", "/api/v1/status/buildinfo",
        "/federate?match[]=" + enc("{job=\"app\"}"), "/metrics", "/api/v2/alerts", "/api/v2/status",
        "/api/health/live", "/-/ready", "/-/healthy")) {
      get(path);
    }
    expect("GET", "/api/health", null, null, 200, 503);
  }

  private String get(String path) throws IOException {
    return expect("GET", path, null, null, 200);
  }

  /**
   * One request on a new connection ({@code Connection: close}), read to the end: what scripts and
   * benchmark harnesses send, and no HTTP-client classes the server does not load itself.
   */
  private String expect(String method, String path, byte[] body, String contentType, int... statuses) throws IOException {
    requests++;
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
          .append(uri.getHost()).append(':').append(uri.getPort()).append("\r\nConnection: close\r\n");
      byte[] payload = body == null ? new byte[0] : body;
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      if (path.equals("/api/v1/write")) {
        head.append("Content-Encoding: snappy\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\n");
      }
      if (!method.equals("GET")) {
        head.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = answer.startsWith("HTTP/1.1 ") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : -1;
      for (int s : statuses) {
        if (s == status) {
          return answer;
        }
      }
      throw new IOException(method + " " + path + " answered " + (status < 0 ? "no HTTP status" : status) + ": " + answer);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the workload

  private static final String RULES = """
      groups:
        - name: training
          interval: 1s
          rules:
            - record: route:http_requests:rate1m
              expr: sum by (route) (rate(http_requests_total[1m]))
            - alert: TrainingErrors
              expr: sum(rate(http_requests_total{status="500"}[1m])) > 1e9  # never fires: alerts are written to the database
              labels: {severity: info}
              annotations: {summary: "{{ $value | humanize }} errors per second"}
      """;

  private static String config(int port, List<Server> targets) {
    StringBuilder sb = new StringBuilder("""
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: [rules.yml]
        scrape_configs:
          - job_name: watchkeeper
            static_configs:
              - targets: ['127.0.0.1:%d']
          - job_name: host
            metrics_path: /metrics/host
            static_configs:
              - targets: ['127.0.0.1:%d']
          - job_name: app
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: go_.*
                action: drop
            static_configs:
              - targets: [""".formatted(port, port));
    for (int i = 0; i < targets.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append("'127.0.0.1:").append(port(targets.get(i))).append('\'');
    }
    return sb.append("]\n").toString();
  }

  /**
   * A target whose counters, histograms and gauges move with time, OpenMetrics on request for odd
   * ones. Served by Jetty, which the server runs on anyway: the training loads no HTTP classes the
   * server does not use itself.
   */
  private static Server target(int index, long start) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        boolean openMetrics = index % 2 == 1
            && String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT)).contains("application/openmetrics-text");
        byte[] body = exposition(index, (System.currentTimeMillis() - start) / 1000.0, openMetrics).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, openMetrics
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    server.start();
    return server;
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  static String exposition(int index, double t, boolean openMetrics) {
    StringBuilder sb = new StringBuilder(16_384);
    String total = openMetrics ? "http_requests" : "http_requests_total";
    sb.append("# HELP ").append(total).append(" Requests served.\n# TYPE ").append(total).append(" counter\n");
    for (int r = 0; r < ROUTES.length; r++) {
      for (int s = 0; s < STATUSES.length; s++) {
        double rate = (r + 1) * (s == 0 ? 10 : s == 1 ? 1 : 0.2) * (index + 1);
        sb.append("http_requests_total{method=\"GET\",route=\"").append(ROUTES[r]).append("\",status=\"").append(STATUSES[s])
            .append("\"} ").append(Math.floor(rate * t)).append('\n');
      }
    }
    sb.append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
    for (int r = 0; r < ROUTES.length; r++) {
      double count = Math.floor((r + 1) * 11.2 * t);
      for (int b = 0; b < BUCKETS.length; b++) {
        double share = Math.min(1, (b + 1) / 9.0);
        sb.append("http_request_duration_seconds_bucket{route=\"").append(ROUTES[r]).append("\",le=\"").append(BUCKETS[b])
            .append("\"} ").append(Math.floor(count * share)).append('\n');
      }
      sb.append("http_request_duration_seconds_sum{route=\"").append(ROUTES[r]).append("\"} ").append(count * 0.0731).append('\n');
      sb.append("http_request_duration_seconds_count{route=\"").append(ROUTES[r]).append("\"} ").append(count).append('\n');
    }
    sb.append("# TYPE app_memory_used_bytes gauge\n");
    sb.append("app_memory_used_bytes{area=\"heap\"} ").append(5e7 + 1e6 * Math.sin(t / 7 + index)).append('\n');
    sb.append("app_memory_used_bytes{area=\"nonheap\"} ").append(3e7 + 1e5 * t).append('\n');
    sb.append("# TYPE app_queue_depth gauge\napp_queue_depth ").append(Math.round(10 + 8 * Math.sin(t / 3 + index))).append('\n');
    sb.append("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes ").append(1e8 + index * 1e7).append('\n');
    sb.append("# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1.7e9\n");
    sb.append(openMetrics ? "# TYPE app_build info\n" : "# TYPE app_build_info gauge\n");
    sb.append("app_build_info{version=\"1.").append(index).append(".0\"} 1\n");
    if (openMetrics) {
      sb.append("# EOF\n");
    }
    return sb.toString();
  }

  /** A remote-write 1.0 request: snappy-compressed protobuf WriteRequest of ten series. */
  static byte[] remoteWriteBody(long now) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    CodedOutputStream req = CodedOutputStream.newInstance(request);
    for (int s = 0; s < 10; s++) {
      ByteArrayOutputStream series = new ByteArrayOutputStream();
      CodedOutputStream ts = CodedOutputStream.newInstance(series);
      writeLabel(ts, "__name__", "remote_written_total");
      writeLabel(ts, "job", "pushed");
      writeLabel(ts, "shard", Integer.toString(s));
      for (int i = 10; i > 0; i--) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        CodedOutputStream sm = CodedOutputStream.newInstance(sample);
        sm.writeDouble(1, 100 - i);
        sm.writeInt64(2, now - i * 1000L);
        sm.flush();
        ts.writeByteArray(2, sample.toByteArray());
      }
      ts.flush();
      req.writeByteArray(1, series.toByteArray());
    }
    req.flush();
    return Snappy.compress(request.toByteArray());
  }

  private static void writeLabel(CodedOutputStream out, String name, String value) throws IOException {
    ByteArrayOutputStream label = new ByteArrayOutputStream();
    CodedOutputStream l = CodedOutputStream.newInstance(label);
    l.writeString(1, name);
    l.writeString(2, value);
    l.flush();
    out.writeByteArray(1, label.toByteArray());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}

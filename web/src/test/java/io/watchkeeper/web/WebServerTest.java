package io.watchkeeper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.web.api.ApiErrors;
import io.watchkeeper.web.api.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebServerTest {
  private static final String BIG = "x".repeat(10_000);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final AtomicBoolean ranOnVirtualThread = new AtomicBoolean();
  private final HttpClient client = HttpClient.newHttpClient();
  private WebServer server;

  private final List<Route> routes =
      List.of(
          new Route(
              "/hello",
              Set.of("GET", "POST"),
              ApiErrors.Style.TEXT,
              false,
              ex -> {
                ranOnVirtualThread.set(Thread.currentThread().isVirtual());
                ex.respondText(200, "hello " + ex.param("name") + "\n");
              }),
          new Route("/big", Set.of("GET", "POST"), ApiErrors.Style.TEXT, false, ex -> ex.respondText(200, BIG)),
          new Route("/echo", Set.of("POST"), ApiErrors.Style.TEXT, false, ex -> ex.respondText(200, String.join(",", ex.params("a")))),
          new Route(
              "/api/v1/import",
              Set.of("POST"),
              ApiErrors.Style.JSON,
              false,
              ex -> {
                try (InputStream in = ex.body(1 << 20)) {
                  ex.respondText(200, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
              }),
          new Route("/api/v1/label/{name}/values", Set.of("GET"), ApiErrors.Style.JSON, true, ex -> ex.respondText(200, ex.pathParam("name"))),
          new Route(
              "/half",
              Set.of("GET"),
              ApiErrors.Style.TEXT,
              false,
              ex ->
                  ex.respond(
                      200,
                      "text/plain",
                      out -> {
                        out.write(BIG.repeat(20).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        throw new IOException("storage went away while writing");
                      })),
          new Route(
              "/api/v1/boom",
              Set.of("GET"),
              ApiErrors.Style.JSON,
              false,
              ex -> {
                throw new IllegalStateException("boom");
              }));

  @BeforeEach
  void start() throws IOException {
    server = new WebServer(options(0), routes, ready::get, registry);
    server.start();
  }

  private static WebOptions options(int port) {
    return new WebOptions("127.0.0.1", port, 1024, 16 << 10, Duration.ofSeconds(30), 16, Duration.ZERO);
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  @Test
  void servesRoutesOnVirtualThreads() throws Exception {
    HttpResponse<String> r = send(request("/hello?name=world"));

    assertThat(server.port()).isPositive();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello world\n");
    assertThat(ranOnVirtualThread).isTrue();
  }

  @Test
  void headAnswersLikeGetWithoutBody() throws Exception {
    HttpResponse<String> r = send(request("/hello").method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void formBodyValuesComeBeforeQueryValues() throws Exception {
    HttpResponse<String> r =
        send(request("/echo?a=1").header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=2&b=3")));

    assertThat(r.body()).isEqualTo("2,1");
  }

  @Test
  void badPercentEncodingIsABadRequest() throws Exception {
    // The JDK client refuses to send such a URI: write the request by hand.
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.getOutputStream().write("GET /hello?name=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 400 ").endsWith("error parsing form values: Bad query\n");
    }
  }

  @Test
  void aFormOverTheLimitIsTooLarge() throws Exception {
    HttpResponse<String> r =
        send(request("/echo").header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=" + BIG)));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("form body of 10002 bytes exceeds the limit of 1024 bytes\n");
  }

  @Test
  void unknownPathsAre404() throws Exception {
    HttpResponse<String> api = send(request("/api/v1/nothing"));
    HttpResponse<String> other = send(request("/nothing"));

    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"not_found\",\"error\":\"unknown API endpoint /api/v1/nothing\"}");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEqualTo("404 page not found\n");
  }

  @Test
  void otherMethodsAre405WithAllow() throws Exception {
    HttpResponse<String> r = send(request("/api/v1/label/job/values").DELETE());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"Only GET requests allowed\"}");
  }

  @Test
  void pathParametersAreDecoded() throws Exception {
    assertThat(send(request("/api/v1/label/__name__/values")).body()).isEqualTo("__name__");
  }

  @Test
  void routesThatNeedReadinessAnswer503Before() throws Exception {
    ready.set(false);

    HttpResponse<String> gated = send(request("/api/v1/label/job/values"));
    HttpResponse<String> open = send(request("/hello"));

    assertThat(gated.statusCode()).isEqualTo(503);
    assertThat(open.statusCode()).isEqualTo(200);
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorAndTheServerKeepsRunning() throws Exception {
    HttpResponse<String> r = send(request("/api/v1/boom"));

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"internal error: java.lang.IllegalStateException: boom\"}");
    assertThat(send(request("/hello")).statusCode()).isEqualTo(200);
  }

  @Test
  void aResponseThatFailsHalfWayIsAbortedNotCutShort() {
    assertThatThrownBy(() -> send(request("/half"))).isInstanceOf(IOException.class);
  }

  @Test
  void compressesResponsesWhenTheClientAcceptsGzip() throws Exception {
    for (HttpRequest.Builder b : List.of(request("/big"), request("/big").POST(HttpRequest.BodyPublishers.noBody()))) {
      HttpResponse<byte[]> r = client.send(b.header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(r.body().length).isLessThan(BIG.length() / 10);
      try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(BIG);
      }
    }
    assertThat(send(request("/big")).headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void inflatesGzipRequestBodiesForImport() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("up 1 1700000000000\n".getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> r = send(request("/api/v1/import").header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())));

    assertThat(r.body()).isEqualTo("up 1 1700000000000\n");
  }

  @Test
  void recordsRequestDurationsAndCodesPerHandler() throws Exception {
    send(request("/hello"));
    send(request("/nothing"));

    // recorded when the exchange completes, which may be just after the client has the response
    String text = "";
    for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); System.nanoTime() < deadline; ) {
      text = ExpositionFormats.init().getPrometheusTextFormatWriter().toDebugString(registry.scrape());
      if (text.contains("watchkeeper_http_requests_total{code=\"404\",handler=\"other\"} 1.0")
          && text.contains("watchkeeper_http_requests_total{code=\"200\",handler=\"/hello\"} 1.0")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(text)
        .contains("watchkeeper_http_request_duration_seconds_count{handler=\"/hello\"} 1")
        .contains("watchkeeper_http_requests_total{code=\"200\",handler=\"/hello\"} 1.0")
        .contains("watchkeeper_http_requests_total{code=\"404\",handler=\"other\"} 1.0");
  }

  @Test
  void closeReleasesThePortAndABusyPortFailsToStart() throws Exception {
    int port = server.port();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      WebServer second = new WebServer(options(busy.getLocalPort()), routes, ready::get, new PrometheusRegistry());
      assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageStartingWith("cannot listen on 127.0.0.1:" + busy.getLocalPort());
    }

    server.close();

    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }
}

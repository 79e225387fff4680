package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Secret;
import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.net.IpFamily;
import io.watchkeeper.probe.net.TlsSettings;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP(S) checks against real servers on loopback, including servers that misbehave. */
class HttpProberTest {
  private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  private static TestCertificates.Issued good;
  private static TestCertificates.Issued expired;
  private static TestCertificates.Issued expiringSoon;
  private static TestCertificates.Issued otherHost;
  private static TestHttpServer app;

  private final OneShotCheck checks = new OneShotCheck(new Probers(AddressResolver.SYSTEM,
      () -> new InetSocketAddress("127.0.0.1", 53), "Watchkeeper/test", new SplittableRandom(1)), InstantSource.system(),
      System::nanoTime);

  @BeforeAll
  static void start() {
    good = TestCertificates.localhost(NOW, NOW.plus(Duration.ofDays(200)));
    expired = TestCertificates.localhost(NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(2)));
    expiringSoon = TestCertificates.localhost(NOW, NOW.plus(Duration.ofDays(4)).plusSeconds(3600));
    otherHost = TestCertificates.issue("other.example", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(90)),
        List.of("other.example"), List.of());
    app = TestHttpServer.http()
        .on("/health", ex -> {
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.getResponseHeaders().add("Last-Modified", "Mon, 15 Jan 2024 10:30:00 GMT");
          TestHttpServer.respond(ex, 200, "{\"status\":\"ok\",\"data\":{\"db\":\"up\",\"latency_ms\":12}}");
        })
        .on("/down", 503, "{\"status\":\"down\"}")
        .on("/chunked", ex -> {
          ex.sendResponseHeaders(200, 0); // length unknown: chunked
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
              out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
            out.write("END".getBytes(StandardCharsets.UTF_8));
          }
        })
        .on("/echo", ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("-");
          String custom = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Team")).orElse("-");
          TestHttpServer.respond(ex, 200, ex.getRequestMethod() + "|" + auth + "|" + custom + "|" + body + "|"
              + ex.getRequestHeaders().getFirst("User-Agent"));
        })
        .on("/redirect", ex -> {
          ex.getResponseHeaders().add("Location", "/health");
          TestHttpServer.respond(ex, 302, "");
        })
        .on("/loop", ex -> {
          ex.getResponseHeaders().add("Location", "/loop");
          TestHttpServer.respond(ex, 301, "");
        })
        .on("/slow", ex -> {
          try {
            Thread.sleep(250); // the fault under test: a slow server
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          TestHttpServer.respond(ex, 200, "ok");
        });
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpSpec spec(String url, HttpExpectations expect) {
    return new HttpSpec(HttpRequestSpec.get(url), expect, true, TlsSettings.DEFAULT, AddressPreference.DEFAULT,
        HttpSpec.DEFAULT_BODY_LIMIT, 14);
  }

  private static HttpSpec https(String url, TlsSettings tls) {
    return new HttpSpec(HttpRequestSpec.get(url), HttpExpectations.DEFAULT, true, tls, AddressPreference.DEFAULT,
        HttpSpec.DEFAULT_BODY_LIMIT, 14);
  }

  private static TlsSettings trusting(TestCertificates.Issued cert) {
    return new TlsSettings(false, Optional.of(cert.pem()), Optional.empty());
  }

  private OneShotCheck.Report check(ProbeSpec spec, Duration timeout) throws InterruptedException {
    MonitorConfig c = new MonitorConfig("t", Duration.ofSeconds(30), timeout, 0, 1, 1, LatencyThresholds.NONE, Map.of(), spec);
    return checks.run(c);
  }

  private OneShotCheck.Report check(ProbeSpec spec) throws InterruptedException {
    return check(spec, Duration.ofSeconds(5));
  }

  private static double value(OneShotCheck.Report r, String name, String... labels) {
    return r.samples().stream().filter(s -> s.name().equals(name) && s.labels().equals(List.of(labels))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " " + List.of(labels) + " in " + r.samples())).value();
  }

  @Test
  void healthyEndpointPassesItsAssertionsAndReportsBlackboxSeries() throws Exception {
    HttpExpectations expect = new HttpExpectations(Set.of(200), List.of("\"ok\""), List.of("error"), List.of("latency_ms\":\\d+"),
        List.of(), List.of(new JsonAssertion("$.data.db", Optional.of("up"), Optional.empty()),
            new JsonAssertion("$.data.latency_ms", Optional.empty(), Optional.of("\\d+"))), Map.of("Content-Type", "json"));

    OneShotCheck.Report r = check(spec(app.url("/health"), expect));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(r.result().message()).startsWith("HTTP 200 in ");
    assertThat(value(r, "probe_success")).isEqualTo(1);
    assertThat(value(r, "probe_http_status_code")).isEqualTo(200);
    assertThat(value(r, "probe_http_content_length")).isEqualTo(50);
    assertThat(value(r, "probe_http_uncompressed_body_length")).isEqualTo(50);
    assertThat(value(r, "probe_http_redirects")).isEqualTo(0);
    assertThat(value(r, "probe_http_ssl")).isEqualTo(0);
    assertThat(value(r, "probe_http_version")).isEqualTo(1.1);
    assertThat(value(r, "probe_ip_protocol")).isEqualTo(4);
    assertThat(value(r, "probe_failed_due_to_regex")).isEqualTo(0);
    assertThat(value(r, "probe_http_last_modified_timestamp_seconds")).isEqualTo(Instant.parse("2024-01-15T10:30:00Z").getEpochSecond());
    assertThat(value(r, "probe_http_duration_seconds", "phase", "connect")).isPositive();
    assertThat(r.samples()).filteredOn(s -> s.name().equals("probe_http_duration_seconds")).extracting(s -> s.label("phase"))
        .containsExactly("resolve", "connect", "tls", "processing", "transfer");
    assertThat(value(r, "probe_duration_seconds")).isPositive();
  }

  @Test
  void wrongStatusFails() throws Exception {
    OneShotCheck.Report r = check(spec(app.url("/down"), HttpExpectations.DEFAULT));

    assertThat(r.result().verdict()).isEqualTo(Status.UNHEALTHY);
    assertThat(r.result().message()).isEqualTo("expected status 2xx, got 503");
    assertThat(value(r, "probe_success")).isEqualTo(0);
    assertThat(value(r, "probe_http_status_code")).isEqualTo(503);
  }

  @Test
  void expectedNonSuccessStatusPasses() throws Exception {
    OneShotCheck.Report r = check(spec(app.url("/down"), HttpExpectations.status(503)));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void bodyAndJsonAssertionsSayWhatFailed() throws Exception {
    HttpExpectations contains = new HttpExpectations(Set.of(), List.of("healthy"), List.of(), List.of(), List.of(), List.of(), Map.of());
    HttpExpectations json = new HttpExpectations(Set.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(new JsonAssertion("$.data.db", Optional.of("down"), Optional.empty())), Map.of());
    HttpExpectations missing = new HttpExpectations(Set.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(JsonAssertion.exists("$.data.cache")), Map.of());
    HttpExpectations regex = new HttpExpectations(Set.of(), List.of(), List.of(), List.of(), List.of("status\":\"ok"), List.of(),
        Map.of());

    assertThat(check(spec(app.url("/health"), contains)).result().message()).isEqualTo("body does not contain \"healthy\"");
    assertThat(check(spec(app.url("/health"), json)).result().message()).isEqualTo("$.data.db is \"up\", expected \"down\"");
    assertThat(check(spec(app.url("/health"), missing)).result().message()).isEqualTo("JSON body has no $.data.cache");
    OneShotCheck.Report r = check(spec(app.url("/health"), regex));
    assertThat(r.result().message()).isEqualTo("body matches /status\":\"ok/");
    assertThat(value(r, "probe_failed_due_to_regex")).isEqualTo(1);
  }

  @Test
  void chunkedBodiesAreReadWhole() throws Exception {
    HttpExpectations expect = new HttpExpectations(Set.of(), List.of("line 99\nEND"), List.of(), List.of(), List.of(), List.of(),
        Map.of());

    OneShotCheck.Report r = check(spec(app.url("/chunked"), expect));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(value(r, "probe_http_content_length")).isEqualTo(-1);
    assertThat(value(r, "probe_http_uncompressed_body_length")).isEqualTo(793);
  }

  @Test
  void sendsMethodHeadersBodyAndCredentials() throws Exception {
    HttpRequestSpec post = new HttpRequestSpec("POST", app.url("/echo"), Map.of("X-Team", "payments"), Optional.of("{\"a\":1}"),
        new HttpAuth.Basic("probe", Secret.of("s3cret")));
    HttpRequestSpec bearer = new HttpRequestSpec("GET", app.url("/echo"), Map.of(), Optional.empty(),
        new HttpAuth.Token("Bearer", Secret.of("tok")));
    HttpExpectations postExpect = new HttpExpectations(Set.of(), List.of("POST|Basic cHJvYmU6czNjcmV0|payments|{\"a\":1}|Watchkeeper/test"),
        List.of(), List.of(), List.of(), List.of(), Map.of());
    HttpExpectations bearerExpect = new HttpExpectations(Set.of(), List.of("GET|Bearer tok|-||"), List.of(), List.of(), List.of(),
        List.of(), Map.of());

    OneShotCheck.Report a = check(new HttpSpec(post, postExpect, true, TlsSettings.DEFAULT, AddressPreference.DEFAULT, 1 << 20, 14));
    OneShotCheck.Report b = check(new HttpSpec(bearer, bearerExpect, true, TlsSettings.DEFAULT, AddressPreference.DEFAULT, 1 << 20, 14));

    assertThat(a.result().message()).startsWith("HTTP 200");
    assertThat(b.result().message()).startsWith("HTTP 200");
  }

  @Test
  void followsRedirectsOrReportsThem() throws Exception {
    OneShotCheck.Report followed = check(spec(app.url("/redirect"), HttpExpectations.DEFAULT));
    HttpSpec noFollow = new HttpSpec(HttpRequestSpec.get(app.url("/redirect")), HttpExpectations.status(302), false,
        TlsSettings.DEFAULT, AddressPreference.DEFAULT, 1 << 20, 14);
    OneShotCheck.Report notFollowed = check(noFollow);
    OneShotCheck.Report loop = check(spec(app.url("/loop"), HttpExpectations.DEFAULT));

    assertThat(followed.result().message()).startsWith("HTTP 200").endsWith("after 1 redirect");
    assertThat(value(followed, "probe_http_redirects")).isEqualTo(1);
    assertThat(notFollowed.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(value(notFollowed, "probe_http_status_code")).isEqualTo(302);
    assertThat(loop.result().message()).isEqualTo("stopped after 10 redirects (last to /loop)");
  }

  @Test
  void httpsWithATrustedCertificateReportsItsExpiry() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(good.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), trusting(good)));

      assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
      assertThat(value(r, "probe_http_ssl")).isEqualTo(1);
      assertThat(value(r, "probe_ssl_earliest_cert_expiry")).isEqualTo(good.certificate().getNotAfter().toInstant().getEpochSecond());
      assertThat(r.samples()).anySatisfy(x -> assertThat(x.name() + x.labels()).startsWith("probe_tls_version_info[version, TLS 1."));
      assertThat(value(r, "probe_http_duration_seconds", "phase", "tls")).isPositive();
    }
  }

  @Test
  void selfSignedCertificateIsNotTrustedByDefault() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(good.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), TlsSettings.DEFAULT));

      assertThat(r.result().verdict()).isEqualTo(Status.UNHEALTHY);
      assertThat(r.result().message()).startsWith("TLS certificate of 127.0.0.1 is not trusted: self-signed (CN=localhost")
          .contains("set tls_config.ca_file to trust it");
      assertThat(value(r, "probe_ssl_earliest_cert_expiry")).isEqualTo(good.certificate().getNotAfter().toInstant().getEpochSecond());
    }
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(otherHost.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), new TlsSettings(true, Optional.empty(), Optional.empty())));

      assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    }
  }

  @Test
  void expiredCertificateFailsWithItsDate() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(expired.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), trusting(expired)));

      assertThat(r.result().verdict()).isEqualTo(Status.UNHEALTHY);
      assertThat(r.result().message()).isEqualTo("TLS certificate of 127.0.0.1 expired on "
          + expired.certificate().getNotAfter().toInstant() + " (CN=localhost)");
    }
  }

  @Test
  void certificateExpiringWithinTheWarningDegrades() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(expiringSoon.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), trusting(expiringSoon)));

      assertThat(r.result().verdict()).isEqualTo(Status.DEGRADED);
      assertThat(r.result().message()).contains("TLS certificate expires in 4 days, on ").endsWith("(warning at 14 days)");
      assertThat(value(r, "probe_success")).isEqualTo(1);
    }
  }

  @Test
  void certificateForAnotherHostFails() throws Exception {
    try (TestHttpServer s = TestHttpServer.https(otherHost.serverContext()).on("/", 200, "ok")) {
      OneShotCheck.Report r = check(https(s.url("/"), trusting(otherHost)));

      assertThat(r.result().message()).startsWith("TLS certificate does not match host 127.0.0.1: ");
    }
  }

  @Test
  void plainHttpOnAnHttpsUrlIsNamed() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      sock.getInputStream().read(new byte[512]); // a ClientHello, read as a bad HTTP request
      sock.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      sock.close();
    })) {
      OneShotCheck.Report r = check(https(s.url("https", "/"), TlsSettings.DEFAULT));

      assertThat(r.result().message()).isEqualTo("TLS handshake with 127.0.0.1 failed: the server did not answer in TLS"
          + " (plain HTTP on an HTTPS port?)");
    }
  }

  @Test
  void hangingServerTimesOutWithAReason() throws Exception {
    try (FaultServer s = new FaultServer(FaultServer::hang)) {
      OneShotCheck.Report r = check(spec(s.url("http", "/"), HttpExpectations.DEFAULT), Duration.ofMillis(300));

      assertThat(r.result().message()).isEqualTo("timed out after 300ms waiting for the response");
      assertThat(r.result().attempts()).isEqualTo(1);
    }
  }

  @Test
  void hangingTlsHandshakeTimesOut() throws Exception {
    try (FaultServer s = new FaultServer(FaultServer::hang)) {
      OneShotCheck.Report r = check(https(s.url("https", "/"), TlsSettings.DEFAULT), Duration.ofMillis(300));

      assertThat(r.result().message()).isEqualTo("timed out after 300ms during the TLS handshake with 127.0.0.1");
    }
  }

  @Test
  void resetConnectionIsNamed() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      FaultServer.readRequest(sock);
      FaultServer.reset(sock);
    })) {
      OneShotCheck.Report r = check(spec(s.url("http", "/"), HttpExpectations.DEFAULT));

      // a RST, unlike the FIN of closedWithoutAnswerIsNamed, is a read error, never end of stream
      assertThat(r.result().message()).isEqualTo("connection reset by the server while waiting for the response");
      assertThat(r.result().verdict()).isEqualTo(Status.UNHEALTHY);
    }
  }

  @Test
  void closedWithoutAnswerIsNamed() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      FaultServer.readRequest(sock);
      sock.close();
    })) {
      OneShotCheck.Report r = check(spec(s.url("http", "/"), HttpExpectations.DEFAULT));

      assertThat(r.result().message()).isEqualTo("the server closed the connection without answering");
    }
  }

  @Test
  void endlessBodyHitsTheBodyLimit() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      FaultServer.readRequest(sock);
      OutputStream out = sock.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[8192];
      while (true) {
        out.write(chunk);
      }
    })) {
      HttpSpec spec = new HttpSpec(HttpRequestSpec.get(s.url("http", "/")), HttpExpectations.DEFAULT, true, TlsSettings.DEFAULT,
          AddressPreference.DEFAULT, 64 << 10, 14);

      OneShotCheck.Report r = check(spec);

      assertThat(r.result().message()).isEqualTo("response body exceeds the limit of 65536 bytes (body_size_limit)");
    }
  }

  @Test
  void endlessTrickleIsCutAtTheDeadline() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      FaultServer.readRequest(sock);
      OutputStream out = sock.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        out.write('x'); // one byte at a time, never quite idle
        out.flush();
        Thread.sleep(5);
      }
    })) {
      OneShotCheck.Report r = check(spec(s.url("http", "/"), HttpExpectations.DEFAULT), Duration.ofMillis(300));

      assertThat(r.result().message()).startsWith("timed out after 300ms reading the response body (").endsWith(" bytes read)");
    }
  }

  @Test
  void garbageInsteadOfHttpIsNamed() throws Exception {
    try (FaultServer s = new FaultServer(sock -> {
      FaultServer.readRequest(sock);
      sock.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
      sock.close();
    })) {
      OneShotCheck.Report r = check(spec(s.url("http", "/"), HttpExpectations.DEFAULT));

      assertThat(r.result().message()).isEqualTo("the server did not answer in HTTP (got \"SSH-2.0-OpenSSH_9.2\")");
    }
  }

  @Test
  void refusedConnectionIsNamed() throws Exception {
    try (java.net.Socket reserved = FaultServer.reservedPort()) {
      int port = reserved.getLocalPort();

      OneShotCheck.Report r = check(spec("http://127.0.0.1:" + port + "/", HttpExpectations.DEFAULT));

      assertThat(r.result().message()).isEqualTo("connection refused by 127.0.0.1:" + port);
      assertThat(value(r, "probe_success")).isEqualTo(0);
    }
  }

  @Test
  void unknownHostIsNamed() throws Exception {
    OneShotCheck.Report r = check(spec("http://does-not-exist.invalid/", HttpExpectations.DEFAULT));

    assertThat(r.result().message()).isEqualTo("cannot resolve host does-not-exist.invalid: unknown host");
  }

  @Test
  void slowResponseAgainstLatencyThresholds() throws Exception {
    MonitorConfig c = new MonitorConfig("slow", Duration.ofSeconds(30), Duration.ofSeconds(5), 0, 1, 1,
        LatencyThresholds.of(Duration.ofMillis(100), Duration.ofSeconds(5)), Map.of(), spec(app.url("/slow"), HttpExpectations.DEFAULT));
    MonitorConfig strict = c.withLatency(LatencyThresholds.of(Duration.ofMillis(50), Duration.ofMillis(200)));

    OneShotCheck.Report degraded = checks.run(c);
    OneShotCheck.Report failed = checks.run(strict);

    assertThat(degraded.result().verdict()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.result().message()).endsWith("; slow: above the degraded threshold of 100ms");
    assertThat(failed.result().verdict()).isEqualTo(Status.UNHEALTHY);
    assertThat(failed.result().message()).startsWith("too slow: took ").contains("above the unhealthy threshold of 200ms");
  }

  @Test
  void ipv6PreferenceUsesTheIpv6Address() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    Assumptions.assumeTrue(NetworkInterface.getByInetAddress(v6) != null, "no IPv6 loopback on this machine");
    try (TestHttpServer s = TestHttpServer.http(v6).on("/", 200, "ok")) {
      AtomicReference<List<InetAddress>> both = new AtomicReference<>(List.of(InetAddress.getByName("127.0.0.1"), v6));
      OneShotCheck oneShot = new OneShotCheck(new Probers(host -> both.get(), () -> new InetSocketAddress("127.0.0.1", 53),
          "Watchkeeper/test", new SplittableRandom(1)), InstantSource.system(), System::nanoTime);
      String url = "http://dual.test:" + s.port() + "/";
      HttpSpec v6spec = new HttpSpec(HttpRequestSpec.get(url), HttpExpectations.DEFAULT, true, TlsSettings.DEFAULT,
          new AddressPreference(IpFamily.IP6, false), 1 << 20, 14);
      HttpSpec v4only = new HttpSpec(HttpRequestSpec.get(url), HttpExpectations.DEFAULT, true, TlsSettings.DEFAULT,
          new AddressPreference(IpFamily.IP4, false), 1 << 20, 14);
      MonitorConfig c = new MonitorConfig("v6", Duration.ofSeconds(30), Duration.ofSeconds(5), 0, 1, 1, LatencyThresholds.NONE,
          Map.of(), v6spec);

      OneShotCheck.Report r = oneShot.run(c);
      both.set(List.of(v6));
      OneShotCheck.Report noV4 = oneShot.run(new MonitorConfig("v4", Duration.ofSeconds(30), Duration.ofSeconds(5), 0, 1, 1,
          LatencyThresholds.NONE, Map.of(), v4only));

      assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
      assertThat(value(r, "probe_ip_protocol")).isEqualTo(6);
      assertThat(noV4.result().message()).isEqualTo("host dual.test has no ip4 address (it has 0:0:0:0:0:0:0:1; allow"
          + " ip_protocol_fallback)");
      assertThat(v6).isInstanceOf(Inet6Address.class);
    }
  }
}

package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Secret;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpScraperTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  @TempDir static Path certDir;
  private static TestCerts certs;

  private final BufferPool pool = new BufferPool(1 << 20);
  private final BodyBuffer body = new BodyBuffer(pool);
  private final BodyBuffer raw = new BodyBuffer(pool);
  private final GzipDecoder.Pool gzip = new GzipDecoder.Pool(2);
  private final ScrapeConnection connection = new ScrapeConnection();
  private FakeTarget target;

  @BeforeAll
  static void makeCerts() throws Exception {
    certs = TestCerts.create(certDir);
  }

  @AfterEach
  void close() {
    if (target != null) {
      target.close();
    }
    gzip.close();
    connection.close();
  }

  private String fetch(HttpClientConfig config, String url, Duration timeout, long limit) throws Exception {
    try (HttpScraper s = new HttpScraper(config, "Watchkeeper/test")) {
      String ct = s.fetch(URI.create(url), timeout, limit, body, raw, gzip, connection);
      assertThat(ct).isNotNull();
      return new String(body.bytes, 0, body.length, StandardCharsets.UTF_8);
    }
  }

  @Test
  void sendsPrometheusHeadersAndReadsTheBody() throws Exception {
    target = FakeTarget.http();
    target.body = "a 1\n";
    assertThat(fetch(HttpClientConfig.DEFAULT, "http://" + target.address() + "/metrics?x=1", Duration.ofMillis(2500), 0)).isEqualTo("a 1\n");
    var h = target.requests.get(0);
    assertThat(h.getFirst("Accept")).startsWith("application/openmetrics-text;version=1.0.0,");
    assertThat(h.getFirst("Accept-Encoding")).isEqualTo("gzip");
    assertThat(h.getFirst("User-Agent")).isEqualTo("Watchkeeper/test");
    assertThat(h.getFirst("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("2.5");
    assertThat(h.getFirst("Authorization")).isNull();
    assertThat(target.queries).containsExactly("x=1");
  }

  @Test
  void decompressesGzip() throws Exception {
    target = FakeTarget.http();
    target.gzip = true;
    target.body = "big_metric{i=\"x\"} 1\n".repeat(5000);
    assertThat(fetch(HttpClientConfig.DEFAULT, "http://" + target.address() + "/metrics", TIMEOUT, 0)).isEqualTo(target.body);
  }

  @Test
  void sendsBasicAuthOrAuthorization() throws Exception {
    target = FakeTarget.http();
    String url = "http://" + target.address() + "/metrics";
    fetch(ScrapeConfigs.http(Optional.of(new HttpClientConfig.BasicAuth("user", Secret.of("pa:ss"))), Optional.empty(),
        HttpClientConfig.TlsConfig.DEFAULT), url, TIMEOUT, 0);
    fetch(ScrapeConfigs.http(Optional.empty(), Optional.of(new HttpClientConfig.Authorization("", Secret.of("tok"))),
        HttpClientConfig.TlsConfig.DEFAULT), url, TIMEOUT, 0);
    fetch(ScrapeConfigs.http(Optional.empty(), Optional.of(new HttpClientConfig.Authorization("Custom", Secret.of("xyz"))),
        HttpClientConfig.TlsConfig.DEFAULT), url, TIMEOUT, 0);
    assertThat(target.requests.get(0).getFirst("Authorization")).isEqualTo("Basic dXNlcjpwYTpzcw==");
    assertThat(target.requests.get(1).getFirst("Authorization")).isEqualTo("Bearer tok");
    assertThat(target.requests.get(2).getFirst("Authorization")).isEqualTo("Custom xyz");
  }

  @Test
  void keepsTheConnectionAliveAndReadsChunkedBodies() throws Exception {
    target = FakeTarget.http();
    target.chunked = true;
    target.body = "chunked_metric 1\n".repeat(3000);
    try (HttpScraper s = new HttpScraper(HttpClientConfig.DEFAULT, "x")) {
      for (int i = 0; i < 3; i++) {
        s.fetch(URI.create("http://" + target.address() + "/metrics"), TIMEOUT, 0, body, raw, gzip, connection);
        assertThat(new String(body.bytes, 0, body.length, StandardCharsets.UTF_8)).isEqualTo(target.body);
      }
    }
    assertThat(target.clientPorts).hasSize(3);
    assertThat(target.clientPorts.stream().distinct()).hasSize(1);
  }

  @Test
  void followsRedirects() throws Exception {
    target = FakeTarget.http();
    target.body = "redirected 1\n";
    assertThat(fetch(HttpClientConfig.DEFAULT, "http://" + target.address() + "/redirect", TIMEOUT, 0)).isEqualTo("redirected 1\n");
    assertThat(target.requests).hasSize(2);
    assertThat(target.queries).containsExactly("from=redirect");
    HttpClientConfig noRedirects = new HttpClientConfig(Optional.empty(), Optional.empty(), HttpClientConfig.TlsConfig.DEFAULT, false);
    assertThatThrownBy(() -> fetch(noRedirects, "http://" + target.address() + "/redirect", TIMEOUT, 0))
        .hasMessage("server returned HTTP status 302 Found");
  }

  @Test
  void readsCloseDelimitedBodiesAndRetriesAConnectionClosedWhileIdle() throws Exception {
    try (RawServer server = new RawServer()) {
      try (HttpScraper s = new HttpScraper(HttpClientConfig.DEFAULT, "x")) {
        URI url = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        server.respond("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\na 1\n", false);
        assertThat(s.fetch(url, TIMEOUT, 0, body, raw, gzip, connection)).isEqualTo("text/plain");
        // the server closes the kept-alive connection: the next fetch must retry on a new one
        server.closeCurrent();
        server.respond("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nb 2\nc 3\n", true);
        s.fetch(url, TIMEOUT, 0, body, raw, gzip, connection);
        assertThat(new String(body.bytes, 0, body.length, StandardCharsets.UTF_8)).isEqualTo("b 2\nc 3\n");
        server.respond("garbage\r\n\r\n", true);
        assertThatThrownBy(() -> s.fetch(url, TIMEOUT, 0, body, raw, gzip, connection)).hasMessageContaining("malformed HTTP response");
      }
    }
  }

  @Test
  void failsOnNon200() throws Exception {
    target = FakeTarget.http();
    target.status = 500;
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, "http://" + target.address() + "/metrics", TIMEOUT, 0))
        .isInstanceOf(HttpScraper.ScrapeException.class).hasMessage("server returned HTTP status 500 Internal Server Error");
  }

  @Test
  void failsAfterTheScrapeTimeout() throws Exception {
    target = FakeTarget.http();
    target.hold = new CountDownLatch(1);
    String url = "http://" + target.address() + "/metrics";
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, url, Duration.ofMillis(300), 0))
        .isInstanceOf(HttpScraper.ScrapeException.class).hasMessage("Get \"" + url + "\": scrape timed out after 300ms");
  }

  @Test
  void enforcesTheBodySizeLimit() throws Exception {
    target = FakeTarget.http();
    target.body = "x".repeat(100_000) + "\n";
    String url = "http://" + target.address() + "/metrics";
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, url, TIMEOUT, 10_000)).hasMessageContaining("body size limit exceeded");
    target.gzip = true;
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, url, TIMEOUT, 10_000)).hasMessageContaining("body size limit exceeded");
    assertThat(fetch(HttpClientConfig.DEFAULT, url, TIMEOUT, 200_000)).hasSize(100_001);
  }

  @Test
  void reportsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/metrics";
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, url, TIMEOUT, 0)).hasMessage("Get \"" + url + "\": connection refused");
  }

  /** A one-connection-at-a-time HTTP server answering with canned bytes, for cases the JDK server cannot produce. */
  private static final class RawServer implements AutoCloseable {
    private final java.net.ServerSocket server = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
    private final java.util.concurrent.BlockingQueue<String[]> responses = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile java.net.Socket current;
    private final Thread thread;

    RawServer() throws java.io.IOException {
      thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
      return server.getLocalPort();
    }

    void respond(String response, boolean closeAfter) {
      responses.add(new String[] {response, Boolean.toString(closeAfter)});
    }

    void closeCurrent() throws java.io.IOException {
      java.net.Socket c = current;
      if (c != null) {
        c.close();
      }
    }

    private void serve() {
      try {
        while (true) {
          java.net.Socket c = server.accept();
          current = c;
          try {
            java.io.InputStream in = c.getInputStream();
            while (true) {
              StringBuilder req = new StringBuilder();
              int b;
              while ((b = in.read()) >= 0) {
                req.append((char) b);
                if (req.toString().endsWith("\r\n\r\n")) {
                  break;
                }
              }
              if (b < 0) {
                break;
              }
              String[] r = responses.take();
              c.getOutputStream().write(r[0].getBytes(StandardCharsets.ISO_8859_1));
              c.getOutputStream().flush();
              if (Boolean.parseBoolean(r[1])) {
                c.close();
                break;
              }
            }
          } catch (java.io.IOException e) {
            // connection closed by the test
          }
        }
      } catch (java.io.IOException | InterruptedException e) {
        // server closed
      }
    }

    @Override
    public void close() throws java.io.IOException {
      server.close();
      thread.interrupt();
    }
  }

  private static HttpClientConfig tls(String ca, String cert, String key, String serverName, boolean insecure) {
    return ScrapeConfigs.http(Optional.empty(), Optional.empty(), new HttpClientConfig.TlsConfig(ca, cert, key, serverName, insecure, ""));
  }

  @Test
  void tlsWithTheCaFile() throws Exception {
    target = FakeTarget.https(certs.serverContext, false);
    target.body = "secure 1\n";
    String url = "https://127.0.0.1:" + target.port() + "/metrics";
    assertThat(fetch(tls(certs.serverCertPem.toString(), "", "", "", false), url, TIMEOUT, 0)).isEqualTo("secure 1\n");
    assertThat(fetch(tls(certs.serverCertPem.toString(), "", "", "", false), "https://localhost:" + target.port() + "/metrics", TIMEOUT, 0))
        .isEqualTo("secure 1\n");
    assertThatThrownBy(() -> fetch(HttpClientConfig.DEFAULT, url, TIMEOUT, 0)).hasMessageContaining("TLS handshake failed");
    assertThat(fetch(tls("", "", "", "", true), url, TIMEOUT, 0)).isEqualTo("secure 1\n");
  }

  @Test
  void tlsServerNameIsCheckedInsteadOfTheUrlHost() throws Exception {
    target = FakeTarget.https(certs.serverContext, false);
    String url = "https://127.0.0.1:" + target.port() + "/metrics";
    assertThat(fetch(tls(certs.serverCertPem.toString(), "", "", "scrape.example", false), url, TIMEOUT, 0)).isEqualTo(target.body);
    assertThatThrownBy(() -> fetch(tls(certs.serverCertPem.toString(), "", "", "other.example", false), url, TIMEOUT, 0))
        .hasMessageContaining("TLS handshake failed");
  }

  @Test
  void tlsClientCertificate() throws Exception {
    target = FakeTarget.https(certs.serverContext, true);
    String url = "https://127.0.0.1:" + target.port() + "/metrics";
    String ca = certs.serverCertPem.toString();
    assertThat(fetch(tls(ca, certs.clientCertPem.toString(), certs.clientKeyPem.toString(), "", false), url, TIMEOUT, 0))
        .isEqualTo(target.body);
    assertThatThrownBy(() -> fetch(tls(ca, "", "", "", false), url, TIMEOUT, 0)).isInstanceOf(HttpScraper.ScrapeException.class);
  }

  @Test
  void badTlsFilesFailAtConstruction() {
    assertThatThrownBy(() -> new HttpScraper(tls(certDir.resolve("missing.pem").toString(), "", "", "", false), "x"))
        .hasMessageContaining("missing.pem");
    assertThatThrownBy(() -> new HttpScraper(tls("", certs.clientCertPem.toString(), "", "", false), "x"))
        .hasMessageContaining("both cert_file and key_file");
  }

  @Test
  void readsPkcs1AndSec1Keys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
    Path pkcs1 = certDir.resolve("rsa.pem");
    Files.writeString(pkcs1, TestCerts.pem("RSA PRIVATE KEY", innerKey(rsaKey.getEncoded())));
    assertThat(Pem.privateKey(pkcs1).getEncoded()).isEqualTo(rsaKey.getEncoded());

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    PrivateKey ecKey = ec.generateKeyPair().getPrivate();
    Path sec1 = certDir.resolve("ec.pem");
    byte[] inner = innerKey(ecKey.getEncoded());
    // The JDK's SEC 1 key lacks the [0] curve parameters: add them, as OpenSSL writes them.
    byte[] curve = {(byte) 0xA0, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
    byte[] body = Arrays.copyOfRange(inner, 2, inner.length);
    byte[] withCurve = new byte[2 + body.length + curve.length];
    withCurve[0] = 0x30;
    withCurve[1] = (byte) (body.length + curve.length);
    System.arraycopy(body, 0, withCurve, 2, body.length);
    System.arraycopy(curve, 0, withCurve, 2 + body.length, curve.length);
    Files.writeString(sec1, TestCerts.pem("EC PRIVATE KEY", withCurve));
    assertThat(Pem.privateKey(sec1).getAlgorithm()).isEqualTo("EC");
  }

  /** The OCTET STRING content of a PKCS#8 PrivateKeyInfo: the PKCS#1 or SEC 1 key. */
  private static byte[] innerKey(byte[] pkcs8) {
    int[] pos = {0};
    pos[0]++; // SEQUENCE
    length(pkcs8, pos);
    pos[0] += 3; // INTEGER 0
    pos[0]++; // AlgorithmIdentifier SEQUENCE
    int algLength = length(pkcs8, pos);
    pos[0] += algLength;
    pos[0]++; // OCTET STRING
    int len = length(pkcs8, pos);
    return Arrays.copyOfRange(pkcs8, pos[0], pos[0] + len);
  }

  private static int length(byte[] der, int[] pos) {
    int b = der[pos[0]++] & 0xFF;
    if (b < 0x80) {
      return b;
    }
    int len = 0;
    for (int i = 0; i < (b & 0x7F); i++) {
      len = (len << 8) | (der[pos[0]++] & 0xFF);
    }
    return len;
  }
}

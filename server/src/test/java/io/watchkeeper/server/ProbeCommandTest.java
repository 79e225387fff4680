package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code watchkeeper probe URL...} against local HTTP and HTTPS servers. */
class ProbeCommandTest {
  private HttpServer server;
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/health", ex -> {
      byte[] b = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.createContext("/down", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void healthyUrlsExitZero() {
    Result r = run("probe", url("/health"));

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("HEALTHY    " + url("/health") + "  HTTP 200 in ").contains("0 degraded, 0 unhealthy");
  }

  @Test
  void anUnhealthyUrlExitsOneAndEveryUrlGetsItsVerdictInOrder() throws IOException {
    try (Socket reserved = new Socket()) {
      reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String refused = "http://127.0.0.1:" + reserved.getLocalPort() + "/";

      Result r = run("probe", "--timeout", "3s", url("/health"), url("/down"), refused);

      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out().lines().toList()).hasSize(4).satisfies(lines -> {
        assertThat(lines.get(0)).startsWith("HEALTHY  ");
        assertThat(lines.get(1)).startsWith("UNHEALTHY").endsWith("expected status 2xx, got 503");
        assertThat(lines.get(2)).startsWith("UNHEALTHY").contains("connection refused by 127.0.0.1:" + reserved.getLocalPort());
        assertThat(lines.get(3)).isEqualTo("1 healthy, 0 degraded, 2 unhealthy");
      });
    }
  }

  /** The UTC date of a certificate's notAfter, as the verdict prints it. */
  private static LocalDate expiryDate(KeytoolCertificate cert) {
    return LocalDate.ofInstant(cert.certificate().getNotAfter().toInstant(), ZoneOffset.UTC);
  }

  private Path pem(KeytoolCertificate cert) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "ca-", ".pem"), cert.pem());
  }

  private static String url(HttpsServer s) {
    return "https://127.0.0.1:" + s.getAddress().getPort() + "/";
  }

  @Test
  void httpsVerdictShowsWhenTheCertificateExpires() throws Exception {
    // valid from 12 hours ago for 201 days: 200 days and a half left, whatever the second the command runs
    KeytoolCertificate cert = KeytoolCertificate.localhost(dir, "-12H", 201);
    HttpsServer s = cert.serve();
    try {
      Result r = run("probe", "--ca-file", pem(cert).toString(), url(s));

      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out().lines().toList()).hasSize(2).satisfies(lines -> {
        assertThat(lines.get(0)).startsWith("HEALTHY    " + url(s) + "  HTTP 200 in ")
            .endsWith("  [TLS certificate expires " + expiryDate(cert) + " (in 200 days)]");
        assertThat(lines.get(1)).isEqualTo("1 healthy, 0 degraded, 0 unhealthy");
      });
    } finally {
      s.stop(0);
    }
  }

  @Test
  void anUntrustedCertificateIsUnhealthyUnlessInsecureAndItsExpiryIsShownBothWays() throws Exception {
    KeytoolCertificate cert = KeytoolCertificate.localhost(dir, "-12H", 91);
    HttpsServer s = cert.serve();
    try {
      Result verified = run("probe", url(s));
      Result insecure = run("probe", "--insecure", url(s));

      String expiry = "  [TLS certificate expires " + expiryDate(cert) + " (in 90 days)]" + System.lineSeparator();
      assertThat(verified.exit()).isEqualTo(1);
      assertThat(verified.out()).startsWith("UNHEALTHY  " + url(s) + "  TLS certificate of 127.0.0.1 is not trusted: self-signed")
          .contains(expiry);
      assertThat(insecure.exit()).isZero();
      assertThat(insecure.out()).startsWith("HEALTHY    " + url(s) + "  HTTP 200 in ").contains(expiry);
    } finally {
      s.stop(0);
    }
  }

  @Test
  void anExpiredCertificateIsUnhealthyWithItsDateAndOnlyDegradedWhenInsecure() throws Exception {
    KeytoolCertificate expired = KeytoolCertificate.localhost(dir, "-60d", 58);
    HttpsServer s = expired.serve();
    try {
      Result verified = run("probe", "--ca-file", pem(expired).toString(), url(s));
      Result insecure = run("probe", "--insecure", url(s));

      String notAfter = expired.certificate().getNotAfter().toInstant().toString();
      String expiry = "  [TLS certificate expired " + expiryDate(expired) + "]" + System.lineSeparator();
      assertThat(verified.exit()).isEqualTo(1);
      assertThat(verified.out()).startsWith("UNHEALTHY  " + url(s) + "  TLS certificate of 127.0.0.1 expired on " + notAfter
          + " (CN=localhost)" + expiry);
      assertThat(insecure.exit()).isZero();
      assertThat(insecure.out()).startsWith("DEGRADED   " + url(s) + "  HTTP 200 in ")
          .contains("expired on " + notAfter + " (CN=localhost); not verified: insecure_skip_verify" + expiry);
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aCertificateExpiringWithinTheWarningDaysIsDegraded() throws Exception {
    KeytoolCertificate soon = KeytoolCertificate.localhost(dir, "-12H", 5);
    HttpsServer s = soon.serve();
    try {
      Result r = run("probe", "--ca-file", pem(soon).toString(), "--cert-warning-days", "7", url(s));

      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out().lines().toList()).hasSize(2).satisfies(lines -> {
        assertThat(lines.get(0)).startsWith("DEGRADED   " + url(s) + "  HTTP 200 in ")
            .contains("; TLS certificate expires in 4 days, on ").contains("(warning at 7 days)")
            .endsWith("  [TLS certificate expires " + expiryDate(soon) + " (in 4 days)]");
        assertThat(lines.get(1)).isEqualTo("0 healthy, 1 degraded, 0 unhealthy");
      });
    } finally {
      s.stop(0);
    }
  }

  @Test
  void expectedStatusAndBadArguments() {
    assertThat(run("probe", "--expect-status", "503", url("/down")).exit()).isZero();
    Result bad = run("probe", "ftp://example.com/");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("URL must start with http:// or https://");
  }
}

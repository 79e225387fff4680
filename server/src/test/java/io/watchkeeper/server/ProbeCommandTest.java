package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code watchkeeper probe URL...} against a local HTTP server. */
class ProbeCommandTest {
  private HttpServer server;

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

  @Test
  void expectedStatusAndBadArguments() {
    assertThat(run("probe", "--expect-status", "503", url("/down")).exit()).isZero();
    Result bad = run("probe", "ftp://example.com/");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("URL must start with http:// or https://");
  }
}

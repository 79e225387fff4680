package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code watchkeeper alert test} against a local server answering {@code POST /api/alerts/test} as Watchkeeper does. */
class AlertCommandTest {
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "";
  private HttpServer server;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/alerts/test", ex -> {
      requests.add(ex.getRequestMethod() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void sendsTheReceiverAndPrintsEachIntegration() {
    answer = "{\"success\":true,\"data\":{\"receiver\":\"team\",\"results\":[{\"integration\":\"team/slack/0\",\"success\":true}]}}";

    Result r = run("alert", "test", "--receiver", "team", "--server", url());

    assertThat(r.exit()).isZero();
    assertThat(requests).containsExactly("POST {\"receiver\":\"team\"}");
    assertThat(r.out()).contains("ok      team/slack/0").contains("test notification sent through receiver \"team\"");
  }

  @Test
  void failedIntegrationsExitOneWithTheirErrors() {
    status = 502;
    answer = "{\"success\":false,\"error\":\"1 of 2 integrations failed\",\"data\":{\"results\":[{\"integration\":\"team/slack/0\","
        + "\"success\":true},{\"integration\":\"team/email/0\",\"success\":false,\"error\":\"authentication failed\"}]}}";

    Result r = run("alert", "test", "--receiver", "team", "--server", url());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED  team/email/0  authentication failed");
    assertThat(r.err()).contains("alert test failed: 1 of 2 integrations failed");
  }

  @Test
  void unknownReceiverAndUnreachableServerAreClearErrors() throws IOException {
    status = 404;
    answer = "{\"success\":false,\"error\":\"unknown receiver \\\"nobody\\\"\"}";
    Result unknown = run("alert", "test", "--receiver", "nobody", "--server", url());
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Result down = run("alert", "test", "--receiver", "team", "--server", "127.0.0.1:" + closed);

    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown receiver \"nobody\"");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("cannot connect").contains("--server URL");
  }
}

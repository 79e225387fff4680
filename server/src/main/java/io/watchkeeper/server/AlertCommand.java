package io.watchkeeper.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watchkeeper alert test --receiver NAME [--server URL]}: alert commands against a running server. */
@Command(name = "alert", description = "Work with a running server's alerts.", subcommands = {AlertCommand.Test.class})
final class AlertCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /**
   * {@code alert test}: asks the server ({@code POST /api/alerts/test}) to send a test notification
   * through every integration of a receiver and prints each outcome. Exits 0 when all delivered, 1
   * otherwise.
   */
  @Command(name = "test", description = "Send a test notification through a receiver of a running server. "
      + "Exits 0 when every integration delivered it, 1 otherwise.")
  static final class Test implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--receiver", required = true, paramLabel = "NAME", description = "Receiver name from the configuration.")
    String receiver;

    @CommandLine.Option(names = "--server", defaultValue = "http://127.0.0.1:9095",
        description = "Server URL (default: ${DEFAULT-VALUE}).")
    String server;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
      URI uri = URI.create((s.contains("://") ? s : "http://" + s) + "/api/alerts/test");
      ObjectNode body = JSON.createObjectNode().put("receiver", receiver);
      HttpResponse<String> resp;
      try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
        resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        err.println("alert test failed: cannot connect to " + s + " (is the server running? start it with ./watchkeeper server,"
            + " or pass --server URL)");
        return 1;
      } catch (IOException e) {
        err.println("alert test failed: cannot reach " + s + ": " + e.getMessage());
        return 1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("alert test failed: interrupted");
        return 1;
      }
      return report(resp, out, err);
    }

    private int report(HttpResponse<String> resp, PrintWriter out, PrintWriter err) {
      JsonNode answer;
      try {
        answer = JSON.readTree(resp.body());
      } catch (IOException e) {
        err.println("alert test failed: unexpected answer (HTTP " + resp.statusCode() + "): " + abbreviate(resp.body()));
        return 1;
      }
      JsonNode results = answer.path("data").path("results");
      for (JsonNode r : results) {
        boolean ok = r.path("success").asBoolean();
        out.println((ok ? "ok      " : "FAILED  ") + r.path("integration").asText() + (ok ? "" : "  " + r.path("error").asText()));
      }
      if (answer.path("success").asBoolean()) {
        out.println("test notification sent through receiver \"" + receiver + "\"");
        return 0;
      }
      err.println("alert test failed: " + answer.path("error").asText("HTTP " + resp.statusCode()));
      return 1;
    }

    private static String abbreviate(String s) {
      return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
  }
}

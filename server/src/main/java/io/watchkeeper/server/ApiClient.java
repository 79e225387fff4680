package io.watchkeeper.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small client of a running server's HTTP API, for the CLI commands. Answers are Prometheus
 * envelopes; an error envelope becomes an {@link ApiException} with its message.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(String server) {
    String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.base = URI.create(s.contains("://") ? s : "http://" + s);
  }

  /** A failed call, with a message a user can act on. */
  static final class ApiException extends Exception {
    private final JsonNode data;

    ApiException(String message) {
      this(message, MissingNode.getInstance());
    }

    ApiException(String message, JsonNode data) {
      super(message);
      this.data = data;
    }

    /** The error envelope's {@code data} (e.g. what an import stored before failing); missing if none. */
    JsonNode data() {
      return data;
    }
  }

  /** GET {@code path} with form parameters; returns the envelope's {@code data}. */
  JsonNode get(String path, Map<String, String> params) throws ApiException {
    String query = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path + (query.isEmpty() ? "" : "?" + query)))
        .timeout(Duration.ofMinutes(2)).GET().build();
    return send(req);
  }

  /** POST a file's bytes to {@code path}; returns the envelope's {@code data}. */
  JsonNode postFile(String path, Path file, String contentType) throws ApiException, IOException {
    HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(30))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
    return send(req);
  }

  private JsonNode send(HttpRequest req) throws ApiException {
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException("cannot connect to " + base + " (is the server running? start it with "
          + "./watchkeeper server, or pass --server URL)");
    } catch (IOException e) {
      throw new ApiException("cannot reach " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new ApiException("unexpected answer from " + req.uri() + " (HTTP " + resp.statusCode() + "): "
          + abbreviate(resp.body()));
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new ApiException(body.path("errorType").asText("error") + ": " + body.path("error").asText(resp.body()), body.path("data"));
    }
    return body.path("data");
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}

package io.watchkeeper.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP channels send a request and classify the answer, Alertmanager's {@code Retrier} for
 * all of them: 2xx is delivered; 5xx and 429 are retryable, as are timeouts and connection
 * failures; any other status is permanent. Messages name the channel, the status and the start of
 * the answer, never the URL (webhook URLs and some API paths carry tokens: Alertmanager's {@code
 * RedactURL}). Stateless and thread-safe.
 */
public final class HttpSender {
  private static final int MAX_ERROR_BODY = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpSender() {}

  /** An HTTP answer: its status and body. */
  public record Answer(int status, String body) {
    public Answer {
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * Sends {@code request} and returns the 2xx answer.
   *
   * @param channel the channel's name for messages, e.g. {@code slack}
   * @throws NotifyException retryable or permanent as described above
   */
  public static Answer send(HttpClient client, HttpRequest request, String channel) throws NotifyException {
    Answer a = exchange(client, request, channel);
    check(a.status(), a.body(), channel);
    return a;
  }

  /**
   * Sends {@code request} and returns the answer whatever its status, for channels that read error
   * answers themselves.
   *
   * @throws NotifyException retryable, for timeouts, connection failures and interruption
   */
  public static Answer exchange(HttpClient client, HttpRequest request, String channel) throws NotifyException {
    HttpResponse<String> resp;
    try {
      resp = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw NotifyException.retryable("cannot send " + channel + " notification: no answer within "
          + request.timeout().map(Object::toString).orElse("the timeout"), e);
    } catch (IOException e) {
      throw NotifyException.retryable("cannot send " + channel + " notification: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw NotifyException.retryable("cannot send " + channel + " notification: interrupted", e);
    }
    return new Answer(resp.statusCode(), resp.body());
  }

  /** Cuts {@code s} to {@code max} characters (code points), ending with an ellipsis, as Alertmanager does. */
  public static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int end = s.offsetByCodePoints(0, max - 1);
    return s.substring(0, end) + "\u2026";
  }

  /** Throws for a status that is not 2xx: retryable for 5xx and 429, permanent otherwise. */
  public static void check(int status, String body, String channel) throws NotifyException {
    if (status / 100 == 2) {
      return;
    }
    boolean retry = status / 100 == 5 || status == 429;
    throw new NotifyException("cannot send " + channel + " notification: unexpected status code " + status + snippet(body), retry);
  }

  /** The start of an answer body for an error message, or empty. */
  public static String snippet(String body) {
    String s = body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "..." : body;
    return s.isBlank() ? "" : ": " + s.strip();
  }

  /**
   * Parses a configured URL of an HTTP channel.
   *
   * @throws IllegalArgumentException without the URL in the message (it may hold a token)
   */
  public static URI uri(String url, String what) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + what + " (the value is not shown: it may hold a token)", e);
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException("unsupported scheme \"" + u.getScheme() + "\" for " + what);
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      throw new IllegalArgumentException("missing host for " + what);
    }
    return u;
  }

  /** A POST of a JSON tree with Alertmanager's user agent and a timeout. */
  public static HttpRequest.Builder postJson(URI uri, JsonNode body, Duration timeout) {
    return postJson(uri, json(body), timeout);
  }

  /** The bytes of a JSON tree. */
  public static byte[] json(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: cannot write a JSON tree", e);
    }
  }

  /** A new JSON object for a payload. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** An answer body as JSON, or empty if it is not JSON. */
  public static Optional<JsonNode> readJson(String body) {
    try {
      return Optional.of(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** A POST of a JSON body with Alertmanager's user agent and a timeout. */
  public static HttpRequest.Builder postJson(URI uri, byte[] body, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Alertmanager/0.25.0 (Watchkeeper)")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }
}

package io.watchkeeper.alerting.notify.webhook;

import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sends notifications to a webhook (Alertmanager {@code webhook.Notifier}): POSTs the {@link
 * WebhookPayload} as {@code application/json} with Alertmanager's user agent and the configured
 * authorization. 2xx is success; 5xx, 429, timeouts and connection failures are retryable; any
 * other status is permanent. Error messages carry the status and the start of the answer, never
 * the URL (it may hold a token). Thread-safe: the JDK client is.
 */
public final class WebhookNotifier implements Notifier {
  private static final int MAX_ERROR_BODY = 200;

  private final WebhookConfig config;
  private final HttpClient client;
  private final URI uri;

  /**
   * @param client the shared outbound client (its connect timeout applies; the config's timeout
   *     bounds each request)
   * @throws IllegalArgumentException if the URL is not an absolute http(s) URL
   */
  public WebhookNotifier(WebhookConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    URI u;
    try {
      u = URI.create(config.url().reveal());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid webhook URL", e);
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException("unsupported scheme \"" + u.getScheme() + "\" for URL");
    }
    this.uri = u;
  }

  @Override
  public void notify(Notification notification) throws NotifyException {
    byte[] body = WebhookPayload.encode(notification, config.maxAlerts());
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "Alertmanager/0.25.0 (Watchkeeper)")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config.basicAuth().ifPresent(b -> req.header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((b.username() + ":" + b.password().reveal()).getBytes(StandardCharsets.UTF_8))));
    config.authorization().ifPresent(a -> req.header("Authorization", a.type() + " " + a.credentials().reveal()));
    HttpResponse<String> resp;
    try {
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw NotifyException.retryable("cannot send webhook notification: no answer within " + config.timeout(), e);
    } catch (IOException e) {
      throw NotifyException.retryable("cannot send webhook notification: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw NotifyException.retryable("cannot send webhook notification: interrupted", e);
    }
    check(resp.statusCode(), resp.body());
  }

  /** Alertmanager's {@code Retrier.Check} for webhooks, with 429 retryable too. */
  static void check(int status, String body) throws NotifyException {
    if (status / 100 == 2) {
      return;
    }
    String snippet = body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "..." : body;
    String message = "cannot send webhook notification: unexpected status code " + status
        + (snippet.isBlank() ? "" : ": " + snippet.strip());
    boolean retry = status / 100 == 5 || status == 429;
    throw new NotifyException(message, retry);
  }
}

package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.notify.slack.SlackConfig;
import io.watchkeeper.alerting.notify.slack.SlackNotifier;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookNotifier;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where channel configurations become notifiers (Alertmanager {@code
 * config/receiver.BuildReceiverIntegrations}): nothing is discovered. Adding a channel means a
 * package under {@code notify} with its {@link ChannelConfig} record and {@link Notifier}, one case
 * in {@link #notifier}, and its binder in the server's config package.
 *
 * <p>Owns the outbound HTTP client the HTTP channels share. Thread-safe.
 */
public final class NotifierFactory implements AutoCloseable {
  private final HttpClient http;

  /** A factory with a shared client: HTTP/1.1, redirects followed, 10s connect timeout. */
  public NotifierFactory() {
    this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10)).build());
  }

  /** A factory using {@code http} for the HTTP channels. */
  public NotifierFactory(HttpClient http) {
    this.http = http;
  }

  /**
   * The integrations of a receiver, in configuration order, each indexed among the receiver's
   * channels of its kind.
   *
   * @throws IllegalArgumentException if a channel config cannot be turned into a notifier
   */
  public List<Integration> integrations(ReceiverConfig receiver) {
    List<Integration> out = new ArrayList<>();
    Map<String, Integer> perKind = new HashMap<>();
    for (ChannelConfig c : receiver.channels()) {
      int index = perKind.merge(c.kind(), 1, Integer::sum) - 1;
      out.add(new Integration(receiver.name(), c.kind(), index, notifier(c), c.sendResolved(), receiver.rateLimit()));
    }
    return out;
  }

  /** The notifier of one channel config. */
  public Notifier notifier(ChannelConfig config) {
    if (config instanceof WebhookConfig w) {
      return new WebhookNotifier(w, http);
    }
    if (config instanceof SlackConfig s) {
      return new SlackNotifier(s, http);
    }
    throw new IllegalArgumentException("no notifier for channel kind \"" + config.kind() + "\"");
  }

  @Override
  public void close() {
    http.close();
  }
}

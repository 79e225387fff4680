package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.notify.discord.DiscordConfig;
import io.watchkeeper.alerting.notify.discord.DiscordNotifier;
import io.watchkeeper.alerting.notify.email.EmailConfig;
import io.watchkeeper.alerting.notify.email.EmailNotifier;
import io.watchkeeper.alerting.notify.msteams.TeamsConfig;
import io.watchkeeper.alerting.notify.msteams.TeamsNotifier;
import io.watchkeeper.alerting.notify.opsgenie.OpsgenieConfig;
import io.watchkeeper.alerting.notify.opsgenie.OpsgenieNotifier;
import io.watchkeeper.alerting.notify.pagerduty.PagerDutyConfig;
import io.watchkeeper.alerting.notify.pagerduty.PagerDutyNotifier;
import io.watchkeeper.alerting.notify.slack.SlackConfig;
import io.watchkeeper.alerting.notify.slack.SlackNotifier;
import io.watchkeeper.alerting.notify.telegram.TelegramConfig;
import io.watchkeeper.alerting.notify.telegram.TelegramNotifier;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookNotifier;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one place where channel configurations become notifiers (Alertmanager {@code
 * config/receiver.BuildReceiverIntegrations}): nothing is discovered. Adding a channel means a
 * package under {@code notify} with its {@link ChannelConfig} record and {@link Notifier}, one case
 * in {@link #notifier}, and its binder in the server's config package.
 *
 * <p>Owns the outbound HTTP client the HTTP channels share, made when the first HTTP channel is:
 * a server without one (only e-mail, or no receivers) never pays for the client's selector
 * thread, classes and trust store. Thread-safe.
 */
public final class NotifierFactory implements AutoCloseable {
  private final Supplier<HttpClient> factory;
  private @Nullable HttpClient http;
  private boolean closed;

  /** A factory with a shared client: HTTP/1.1, redirects followed, 10s connect timeout. */
  public NotifierFactory() {
    this.factory = () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A factory using {@code http} for the HTTP channels. */
  public NotifierFactory(HttpClient http) {
    this.factory = () -> http;
    this.http = http;
  }

  private synchronized HttpClient http() {
    if (closed) {
      throw new IllegalStateException("notifier factory closed");
    }
    HttpClient h = http;
    if (h == null) {
      h = factory.get();
      http = h;
    }
    return h;
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
    return switch (config) {
      case WebhookConfig c -> new WebhookNotifier(c, http());
      case SlackConfig c -> new SlackNotifier(c, http());
      case EmailConfig c -> new EmailNotifier(c);
      case PagerDutyConfig c -> new PagerDutyNotifier(c, http());
      case OpsgenieConfig c -> new OpsgenieNotifier(c, http());
      case TeamsConfig c -> new TeamsNotifier(c, http());
      case DiscordConfig c -> new DiscordNotifier(c, http());
      case TelegramConfig c -> new TelegramNotifier(c, http());
      default -> throw unknown(config);
    };
  }

  private static IllegalArgumentException unknown(ChannelConfig config) {
    return new IllegalArgumentException("no notifier for channel kind \"" + config.kind() + "\"");
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (http != null) {
      http.close();
    }
  }
}

package io.watchkeeper.alerting.notify.msteams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Posts a MessageCard to a Microsoft Teams incoming webhook (Alertmanager {@code msteams.Notifier}):
 * title, summary, Markdown text and Alertmanager's theme colours (firing {@code 8C1A1A}, resolved
 * {@code 2DC72D}). {@link HttpSender}'s rules classify failures. Thread-safe.
 */
public final class TeamsNotifier implements Notifier {
  static final String COLOR_RED = "8C1A1A";
  static final String COLOR_GREEN = "2DC72D";

  private final TeamsConfig config;
  private final HttpClient client;
  private final URI uri;

  /** @throws IllegalArgumentException if the webhook URL is not an absolute http(s) URL */
  public TeamsNotifier(TeamsConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.uri = HttpSender.uri(config.webhookUrl().reveal(), "Teams webhook URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    HttpSender.send(client, HttpSender.postJson(uri, payload(config, n), config.timeout()).build(), "msteams");
  }

  static ObjectNode payload(TeamsConfig c, Notification n) {
    ObjectNode root = HttpSender.object();
    root.put("@context", "http://schema.org/extensions");
    root.put("type", "MessageCard");
    root.put("title", c.title().render(n, false));
    root.put("summary", c.summary().render(n, false));
    root.put("text", c.text().render(n, false));
    root.put("themeColor", n.status().equals("firing") ? COLOR_RED : COLOR_GREEN);
    return root;
  }
}

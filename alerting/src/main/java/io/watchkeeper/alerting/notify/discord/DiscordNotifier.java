package io.watchkeeper.alerting.notify.discord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * Posts to a Discord webhook (Alertmanager {@code discord.Notifier}): {@code {"content", "embeds":
 * [{"title", "description", "color"}]}} with Alertmanager's colours (firing red {@code 0x992D22},
 * resolved green {@code 0x2ECC71}) and Discord's limits (title 256, description 4096, content 2000
 * characters). Discord answers 204; {@link HttpSender}'s rules classify failures. Thread-safe.
 */
public final class DiscordNotifier implements Notifier {
  static final int COLOR_RED = 0x992D22;
  static final int COLOR_GREEN = 0x2ECC71;
  static final int MAX_TITLE = 256;
  static final int MAX_DESCRIPTION = 4096;
  static final int MAX_CONTENT = 2000;

  private final DiscordConfig config;
  private final HttpClient client;
  private final URI uri;

  /** @throws IllegalArgumentException if the webhook URL is not an absolute http(s) URL */
  public DiscordNotifier(DiscordConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    this.uri = HttpSender.uri(config.webhookUrl().reveal(), "Discord webhook URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    HttpSender.send(client, HttpSender.postJson(uri, payload(config, n), config.timeout()).build(), "discord");
  }

  static ObjectNode payload(DiscordConfig c, Notification n) {
    ObjectNode root = HttpSender.object();
    String content = c.content().render(n, false);
    if (!content.isEmpty()) {
      root.put("content", HttpSender.truncate(content, MAX_CONTENT));
    }
    if (!c.username().isEmpty()) {
      root.put("username", c.username());
    }
    if (!c.avatarUrl().isEmpty()) {
      root.put("avatar_url", c.avatarUrl());
    }
    ObjectNode embed = root.putArray("embeds").addObject();
    embed.put("title", HttpSender.truncate(c.title().render(n, false), MAX_TITLE));
    embed.put("description", HttpSender.truncate(c.message().render(n, false), MAX_DESCRIPTION));
    embed.put("color", n.status().equals("firing") ? COLOR_RED : COLOR_GREEN);
    return root;
  }
}

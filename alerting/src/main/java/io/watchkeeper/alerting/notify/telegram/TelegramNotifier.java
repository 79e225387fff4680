package io.watchkeeper.alerting.notify.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchkeeper.alerting.notify.HttpSender;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifyException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;

/**
 * Sends a message with the Telegram Bot API (Alertmanager {@code telegram.Notifier}): {@code POST
 * <api_url>/bot<token>/sendMessage} with {@code chat_id}, {@code text} (at most 4096 characters),
 * {@code parse_mode} and {@code disable_notification}. In HTML parse mode the values in the message
 * are HTML-escaped, as Alertmanager's html templates do. Telegram's {@code {"ok":false,
 * "description"}} answers are reported with their description; the token never appears in an
 * error. Thread-safe.
 */
public final class TelegramNotifier implements Notifier {
  static final int MAX_MESSAGE = 4096;

  private final TelegramConfig config;
  private final HttpClient client;
  private final URI uri;

  /** @throws IllegalArgumentException if the API URL is not an absolute http(s) URL */
  public TelegramNotifier(TelegramConfig config, HttpClient client) {
    this.config = config;
    this.client = client;
    String base = config.apiUrl().endsWith("/") ? config.apiUrl() : config.apiUrl() + "/";
    HttpSender.uri(base, "Telegram API URL");
    this.uri = HttpSender.uri(base + "bot" + config.botToken().reveal() + "/sendMessage", "Telegram API URL");
  }

  @Override
  public void notify(Notification n) throws NotifyException {
    HttpSender.Answer a = HttpSender.exchange(client, HttpSender.postJson(uri, payload(config, n), config.timeout()).build(), "telegram");
    if (a.status() / 100 == 2) {
      return;
    }
    Optional<JsonNode> answer = HttpSender.readJson(a.body());
    if (answer.isPresent() && answer.get().has("description")) {
      boolean retry = a.status() / 100 == 5 || a.status() == 429;
      throw new NotifyException("cannot send telegram notification: status " + a.status() + ": "
          + answer.get().path("description").asText(), retry);
    }
    HttpSender.check(a.status(), a.body(), "telegram");
  }

  static ObjectNode payload(TelegramConfig c, Notification n) {
    ObjectNode root = HttpSender.object();
    root.put("chat_id", c.chatId());
    if (c.messageThreadId() != 0) {
      root.put("message_thread_id", c.messageThreadId());
    }
    root.put("text", HttpSender.truncate(c.message().render(n, c.parseMode().equals("HTML")), MAX_MESSAGE));
    if (!c.parseMode().isEmpty()) {
      root.put("parse_mode", c.parseMode());
    }
    if (c.disableNotifications()) {
      root.put("disable_notification", true);
    }
    return root;
  }
}

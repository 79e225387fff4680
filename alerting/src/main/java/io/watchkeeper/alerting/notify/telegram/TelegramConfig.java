package io.watchkeeper.alerting.notify.telegram;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code telegram_configs} item. Immutable.
 *
 * @param apiUrl the Bot API's base URL ({@link #DEFAULT_API_URL}, or {@code global.telegram_api_url})
 * @param botToken the bot's token (a secret: it is part of the request path)
 * @param chatId the chat to post to
 * @param messageThreadId the forum topic, 0 for none
 * @param parseMode {@code HTML} (the default: values are HTML-escaped), {@code Markdown}, {@code
 *     MarkdownV2}, or empty for plain text
 */
public record TelegramConfig(
    String apiUrl,
    Secret botToken,
    long chatId,
    long messageThreadId,
    MessageTemplate message,
    boolean disableNotifications,
    String parseMode,
    boolean sendResolved,
    Duration timeout)
    implements ChannelConfig {
  /** Telegram's Bot API. */
  public static final String DEFAULT_API_URL = "https://api.telegram.org";
  /** The parse modes Telegram accepts, and empty. */
  public static final Set<String> PARSE_MODES = Set.of("", "HTML", "Markdown", "MarkdownV2");

  public TelegramConfig {
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(botToken, "botToken");
    if (!PARSE_MODES.contains(parseMode)) {
      throw new IllegalArgumentException("unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with Alertmanager's default message and HTML parse mode. */
  public static TelegramConfig of(String apiUrl, Secret botToken, long chatId, Duration timeout) {
    return new TelegramConfig(apiUrl, botToken, chatId, 0, MessageTemplate.named("telegram.default.message"), false, "HTML", true,
        timeout);
  }

  @Override
  public String kind() {
    return "telegram";
  }
}

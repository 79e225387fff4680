package io.watchkeeper.server.config;

import io.watchkeeper.alerting.notify.discord.DiscordConfig;
import io.watchkeeper.alerting.notify.msteams.TeamsConfig;
import io.watchkeeper.alerting.notify.telegram.TelegramConfig;
import io.watchkeeper.model.Secret;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the small webhook-style chat channels as Alertmanager reads them: {@code msteams_configs},
 * {@code discord_configs} and {@code telegram_configs}. Stateless.
 */
final class ChatConfigBinders {
  static final Set<String> UNSUPPORTED = Set.of("http_config");

  private ChatConfigBinders() {}

  private static Secret webhookUrl(Section s) {
    Secret url = s.secret("webhook_url", "webhook_url_file");
    if (url.isEmpty() && !s.has("webhook_url_file")) {
      s.binder().error(s.location(), s.path(), "one of webhook_url or webhook_url_file must be configured");
    } else if (!url.isEmpty() && !s.has("webhook_url_file")) {
      TemplateKeys.checkUrl(s, "webhook_url", url.reveal());
    }
    return url;
  }

  static Optional<TeamsConfig> teams(Section s) {
    Secret url = webhookUrl(s);
    TeamsConfig d = TeamsConfig.of(url, TemplateKeys.DEFAULT_TIMEOUT);
    TeamsConfig c = new TeamsConfig(url, s.bool("send_resolved", true), TemplateKeys.template(s, "title", d.title()),
        TemplateKeys.template(s, "summary", d.summary()), TemplateKeys.template(s, "text", d.text()), TemplateKeys.timeout(s));
    s.finish(UNSUPPORTED);
    return url.isEmpty() ? Optional.empty() : Optional.of(c);
  }

  static Optional<DiscordConfig> discord(Section s) {
    Secret url = webhookUrl(s);
    DiscordConfig d = DiscordConfig.of(url, TemplateKeys.DEFAULT_TIMEOUT);
    DiscordConfig c = new DiscordConfig(url, s.bool("send_resolved", true), TemplateKeys.template(s, "title", d.title()),
        TemplateKeys.template(s, "message", d.message()), TemplateKeys.template(s, "content", d.content()), s.string("username", ""),
        s.string("avatar_url", ""), TemplateKeys.timeout(s));
    s.finish(UNSUPPORTED);
    return url.isEmpty() ? Optional.empty() : Optional.of(c);
  }

  static Optional<TelegramConfig> telegram(Section s, ChannelGlobals globals) {
    String apiUrl = s.string("api_url").or(globals::telegramApiUrl).orElse(TelegramConfig.DEFAULT_API_URL);
    TemplateKeys.checkUrl(s, "api_url", apiUrl);
    Secret token = s.secret("bot_token", "bot_token_file");
    if (token.isEmpty() && !s.has("bot_token_file")) {
      s.binder().error(s.location(), s.path(), "missing bot_token or bot_token_file on telegram_config");
    }
    long chatId = s.integer("chat_id", 0, Long.MIN_VALUE);
    if (chatId == 0) {
      s.binder().error(s.location(), s.path(), "missing chat_id on telegram_config");
    }
    long thread = s.integer("message_thread_id", 0, 0);
    String parseMode = s.string("parse_mode", "HTML");
    if (!TelegramConfig.PARSE_MODES.contains(parseMode)) {
      s.error("parse_mode", "unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string");
      parseMode = "HTML";
    }
    TelegramConfig d = TelegramConfig.of(apiUrl, token, chatId, TemplateKeys.DEFAULT_TIMEOUT);
    TelegramConfig c = new TelegramConfig(apiUrl, token, chatId, thread, TemplateKeys.template(s, "message", d.message()),
        s.bool("disable_notifications", false), parseMode, s.bool("send_resolved", true), TemplateKeys.timeout(s));
    s.finish(UNSUPPORTED);
    return token.isEmpty() || chatId == 0 ? Optional.empty() : Optional.of(c);
  }
}

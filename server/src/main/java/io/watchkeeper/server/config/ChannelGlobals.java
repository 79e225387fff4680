package io.watchkeeper.server.config;

import io.watchkeeper.model.Secret;
import java.util.Optional;
import java.util.Set;

/**
 * The channel defaults of Alertmanager's {@code global:} section that channel configs inherit when
 * they leave a key out ({@code slack_api_url}, {@code smtp_*}, {@code pagerduty_url}, {@code
 * opsgenie_api_key}/{@code _url}, {@code telegram_api_url}). Immutable.
 */
record ChannelGlobals(
    Secret slackApiUrl,
    String smtpFrom,
    String smtpHello,
    String smtpSmarthost,
    String smtpAuthUsername,
    Secret smtpAuthPassword,
    Secret smtpAuthSecret,
    String smtpAuthIdentity,
    boolean smtpRequireTls,
    Optional<String> pagerdutyUrl,
    Secret opsgenieApiKey,
    Optional<String> opsgenieApiUrl,
    Optional<String> telegramApiUrl) {
  /** The global keys read here (the rest of {@code global:} is the binder's). */
  static final Set<String> KEYS = Set.of("slack_api_url", "slack_api_url_file", "smtp_from", "smtp_hello", "smtp_smarthost",
      "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file", "smtp_auth_secret", "smtp_auth_secret_file",
      "smtp_auth_identity", "smtp_require_tls", "pagerduty_url", "opsgenie_api_key", "opsgenie_api_key_file", "opsgenie_api_url",
      "telegram_api_url");

  /** Alertmanager's defaults: nothing set, STARTTLS required, {@code smtp_hello: localhost}. */
  static final ChannelGlobals DEFAULTS = new ChannelGlobals(Secret.EMPTY, "", "localhost", "", "", Secret.EMPTY, Secret.EMPTY, "",
      true, Optional.empty(), Secret.EMPTY, Optional.empty(), Optional.empty());

  /** Reads the channel keys of a {@code global:} section. */
  static ChannelGlobals bind(Section g) {
    Secret slack = g.secret("slack_api_url", "slack_api_url_file");
    if (g.has("slack_api_url") && !slack.isEmpty()) {
      TemplateKeys.checkUrl(g, "slack_api_url", slack.reveal());
    }
    return new ChannelGlobals(
        slack,
        g.string("smtp_from", ""),
        g.string("smtp_hello", "localhost"),
        g.string("smtp_smarthost", ""),
        g.string("smtp_auth_username", ""),
        g.secret("smtp_auth_password", "smtp_auth_password_file"),
        g.secret("smtp_auth_secret", "smtp_auth_secret_file"),
        g.string("smtp_auth_identity", ""),
        g.bool("smtp_require_tls", true),
        g.string("pagerduty_url"),
        g.secret("opsgenie_api_key", "opsgenie_api_key_file"),
        g.string("opsgenie_api_url"),
        g.string("telegram_api_url"));
  }
}

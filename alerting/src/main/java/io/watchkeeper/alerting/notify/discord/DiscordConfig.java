package io.watchkeeper.alerting.notify.discord;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code discord_configs} item. Immutable.
 *
 * @param webhookUrl the channel's webhook URL (a secret: it carries the webhook's token)
 * @param content plain message text above the embed; empty for none
 * @param username overrides the webhook's name; empty for the webhook's own
 * @param avatarUrl overrides the webhook's avatar; empty for the webhook's own
 */
public record DiscordConfig(
    Secret webhookUrl,
    boolean sendResolved,
    MessageTemplate title,
    MessageTemplate message,
    MessageTemplate content,
    String username,
    String avatarUrl,
    Duration timeout)
    implements ChannelConfig {
  public DiscordConfig {
    Objects.requireNonNull(webhookUrl, "webhookUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(avatarUrl, "avatarUrl");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with Alertmanager's default title and message. */
  public static DiscordConfig of(Secret webhookUrl, Duration timeout) {
    return new DiscordConfig(webhookUrl, true, MessageTemplate.named("discord.default.title"),
        MessageTemplate.named("discord.default.message"), MessageTemplate.parse(""), "", "", timeout);
  }

  @Override
  public String kind() {
    return "discord";
  }
}

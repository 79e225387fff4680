package io.watchkeeper.alerting.notify.msteams;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * One {@code msteams_configs} item. Immutable.
 *
 * @param webhookUrl the incoming webhook URL (a secret)
 */
public record TeamsConfig(
    Secret webhookUrl, boolean sendResolved, MessageTemplate title, MessageTemplate summary, MessageTemplate text, Duration timeout)
    implements ChannelConfig {
  public TeamsConfig {
    Objects.requireNonNull(webhookUrl, "webhookUrl");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with Alertmanager's default title, summary and text. */
  public static TeamsConfig of(Secret webhookUrl, Duration timeout) {
    return new TeamsConfig(webhookUrl, true, MessageTemplate.named("teams.default.title"), MessageTemplate.named("teams.default.summary"),
        MessageTemplate.named("teams.default.text"), timeout);
  }

  @Override
  public String kind() {
    return "msteams";
  }
}

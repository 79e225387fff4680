package io.watchkeeper.alerting.notify.webhook;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code webhook_configs} item. Immutable.
 *
 * @param url where to POST (a secret: webhook URLs often carry tokens)
 * @param sendResolved whether resolved alerts are sent (default true)
 * @param maxAlerts the most alerts one payload carries, 0 for all; the rest are counted in {@code
 *     truncatedAlerts}
 * @param basicAuth {@code http_config.basic_auth}
 * @param authorization {@code http_config.authorization} (or the older {@code bearer_token})
 * @param timeout how long one request may take (connect and answer); Alertmanager's {@code timeout}
 */
public record WebhookConfig(
    Secret url, boolean sendResolved, int maxAlerts, Optional<BasicAuth> basicAuth, Optional<Authorization> authorization, Duration timeout)
    implements ChannelConfig {
  /** The default request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** {@code basic_auth}: username and password. */
  public record BasicAuth(String username, Secret password) {}

  /** {@code authorization}: a scheme ({@code Bearer} by default) and its credentials. */
  public record Authorization(String type, Secret credentials) {}

  public WebhookConfig {
    Objects.requireNonNull(url, "url");
    if (maxAlerts < 0) {
      throw new IllegalArgumentException("max_alerts must be >= 0, got " + maxAlerts);
    }
    if (basicAuth.isPresent() && authorization.isPresent()) {
      throw new IllegalArgumentException("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A webhook to {@code url} with the defaults. */
  public static WebhookConfig of(String url) {
    return new WebhookConfig(Secret.of(url), true, 0, Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT);
  }

  @Override
  public String kind() {
    return "webhook";
  }
}

package io.watchkeeper.alerting;

import io.watchkeeper.alerting.notify.DeliveryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the notification side that do not come from the {@code notifications:} section.
 *
 * @param externalUrl the URL users reach Watchkeeper at ({@code externalURL} in payloads)
 * @param silenceRetention how long expired silences are kept as history
 * @param maintenanceInterval how often resolved alerts, old silences and expired log entries are
 *     collected
 * @param delivery retry settings of the outbox
 */
public record NotificationOptions(String externalUrl, Duration silenceRetention, Duration maintenanceInterval, DeliveryOptions delivery) {
  public NotificationOptions {
    Objects.requireNonNull(externalUrl, "externalUrl");
    Objects.requireNonNull(delivery, "delivery");
  }

  /** Defaults: silences kept 30 days, maintenance every 30 seconds. */
  public static NotificationOptions defaults(String externalUrl) {
    return new NotificationOptions(externalUrl, Duration.ofDays(30), Duration.ofSeconds(30), DeliveryOptions.DEFAULTS);
  }
}

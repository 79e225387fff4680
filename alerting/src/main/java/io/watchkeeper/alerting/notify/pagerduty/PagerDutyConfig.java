package io.watchkeeper.alerting.notify.pagerduty;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code pagerduty_configs} item for the Events API v2. Immutable.
 *
 * @param routingKey the integration's routing key (a secret)
 * @param url the events endpoint ({@link #DEFAULT_URL}, or {@code global.pagerduty_url})
 * @param severity PagerDuty's severity (critical, error, warning, info); empty: the alerts' common
 *     {@code severity} label when it is one of those, else {@code error} (Alertmanager's default)
 * @param details {@code custom_details}; Alertmanager's defaults ({@code firing}, {@code resolved},
 *     {@code num_firing}, {@code num_resolved}) are merged in under keys not configured
 */
public record PagerDutyConfig(
    Secret routingKey,
    String url,
    boolean sendResolved,
    MessageTemplate client,
    MessageTemplate clientUrl,
    MessageTemplate description,
    Map<String, MessageTemplate> details,
    List<Image> images,
    List<Link> links,
    Optional<MessageTemplate> source,
    Optional<MessageTemplate> severity,
    MessageTemplate eventClass,
    MessageTemplate component,
    MessageTemplate group,
    Duration timeout)
    implements ChannelConfig {
  /** PagerDuty's Events API v2 endpoint. */
  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
  /** Alertmanager's default custom details. */
  public static final Map<String, MessageTemplate> DEFAULT_DETAILS = Map.of(
      "firing", MessageTemplate.parse("{{ template \"pagerduty.default.instances\" .Alerts.Firing }}"),
      "resolved", MessageTemplate.parse("{{ template \"pagerduty.default.instances\" .Alerts.Resolved }}"),
      "num_firing", MessageTemplate.parse("{{ .Alerts.Firing | len }}"),
      "num_resolved", MessageTemplate.parse("{{ .Alerts.Resolved | len }}"));

  /** An {@code images} item. */
  public record Image(MessageTemplate src, MessageTemplate alt, MessageTemplate href) {}

  /** A {@code links} item. */
  public record Link(MessageTemplate href, MessageTemplate text) {}

  public PagerDutyConfig {
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(url, "url");
    Map<String, MessageTemplate> merged = new LinkedHashMap<>(DEFAULT_DETAILS);
    merged.putAll(details);
    details = Map.copyOf(merged);
    images = List.copyOf(images);
    links = List.copyOf(links);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with the defaults, sending to {@code url} with {@code routingKey}. */
  public static PagerDutyConfig of(Secret routingKey, String url, Duration timeout) {
    return new PagerDutyConfig(routingKey, url, true, MessageTemplate.named("pagerduty.default.client"),
        MessageTemplate.named("pagerduty.default.clientURL"), MessageTemplate.named("pagerduty.default.description"), Map.of(),
        List.of(), List.of(), Optional.empty(), Optional.empty(), MessageTemplate.parse(""), MessageTemplate.parse(""),
        MessageTemplate.parse(""), timeout);
  }

  @Override
  public String kind() {
    return "pagerduty";
  }
}

package io.watchkeeper.alerting.notify.opsgenie;

import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code opsgenie_configs} item. Immutable.
 *
 * @param apiKey the API integration key (a secret; {@code global.opsgenie_api_key} by default)
 * @param apiUrl the API's base URL, ending in {@code /} ({@link #DEFAULT_API_URL} by default)
 * @param tags comma-separated tags, after templating
 * @param priority P1 to P5 after templating, or empty
 */
public record OpsgenieConfig(
    Secret apiKey,
    String apiUrl,
    boolean sendResolved,
    MessageTemplate message,
    MessageTemplate description,
    MessageTemplate source,
    Map<String, MessageTemplate> details,
    MessageTemplate entity,
    List<Responder> responders,
    MessageTemplate actions,
    MessageTemplate tags,
    MessageTemplate note,
    MessageTemplate priority,
    Duration timeout)
    implements ChannelConfig {
  /** Opsgenie's API. */
  public static final String DEFAULT_API_URL = "https://api.opsgenie.com/";
  /** The responder types Opsgenie accepts. */
  public static final Set<String> RESPONDER_TYPES = Set.of("team", "teams", "user", "escalation", "schedule");

  /**
   * A {@code responders} item: exactly one of id, name or username, and a type.
   *
   * @param type one of {@link #RESPONDER_TYPES}
   */
  public record Responder(String id, String name, String username, String type) {
    public Responder {
      int set = (id.isEmpty() ? 0 : 1) + (name.isEmpty() ? 0 : 1) + (username.isEmpty() ? 0 : 1);
      if (set != 1) {
        throw new IllegalArgumentException("opsGenieConfig responder must have exactly one of id, username or name specified");
      }
      if (!RESPONDER_TYPES.contains(type)) {
        throw new IllegalArgumentException("opsGenieConfig responder type \"" + type + "\" is not valid");
      }
    }
  }

  public OpsgenieConfig {
    Objects.requireNonNull(apiKey, "apiKey");
    apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    details = Map.copyOf(details);
    responders = List.copyOf(responders);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
    }
  }

  /** A config with Alertmanager's default templates. */
  public static OpsgenieConfig of(Secret apiKey, String apiUrl, Duration timeout) {
    MessageTemplate empty = MessageTemplate.parse("");
    return new OpsgenieConfig(apiKey, apiUrl, true, MessageTemplate.named("opsgenie.default.message"),
        MessageTemplate.named("opsgenie.default.description"), MessageTemplate.named("opsgenie.default.source"), Map.of(), empty,
        List.of(), empty, empty, empty, empty, timeout);
  }

  @Override
  public String kind() {
    return "opsgenie";
  }
}

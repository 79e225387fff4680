package io.watchkeeper.alerting.notify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code receivers:}: a name, its integrations in configuration order, and an optional
 * rate limit per integration. Immutable.
 */
public record ReceiverConfig(String name, List<ChannelConfig> channels, Optional<RateLimit> rateLimit) {
  public ReceiverConfig {
    Objects.requireNonNull(name, "name");
    channels = List.copyOf(channels);
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /** A receiver without a rate limit. */
  public static ReceiverConfig of(String name, ChannelConfig... channels) {
    return new ReceiverConfig(name, List.of(channels), Optional.empty());
  }
}

package io.watchkeeper.alerting.notify;

import java.util.Objects;
import java.util.Optional;

/**
 * One way a receiver is notified (Alertmanager {@code notify.Integration}): the {@code i}-th
 * channel config of a kind within a receiver, with its notifier. Immutable.
 *
 * @param receiver the receiver's name
 * @param kind the channel kind, e.g. {@code webhook}
 * @param index position among the receiver's channels of the same kind
 */
public record Integration(String receiver, String kind, int index, Notifier notifier, boolean sendResolved, Optional<RateLimit> rateLimit) {
  public Integration {
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /**
   * The key of the notification log and the outbox, Alertmanager's receiver key {@code
   * receiver/kind/index}, e.g. {@code team-db/webhook/0}.
   */
  public String key() {
    return receiver + "/" + kind + "/" + index;
  }

  /** The kind and index as Alertmanager names integrations in logs: {@code webhook[0]}. */
  public String displayName() {
    return kind + "[" + index + "]";
  }
}

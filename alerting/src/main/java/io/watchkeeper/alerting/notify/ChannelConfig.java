package io.watchkeeper.alerting.notify;

/**
 * The configuration of one integration of a receiver (one {@code webhook_configs} item, one
 * {@code slack_configs} item, ...). Each channel package declares its record implementing this;
 * {@link NotifierFactory} turns it into a {@link Notifier}. Implementations are immutable records.
 */
public interface ChannelConfig {
  /** The integration name Alertmanager uses: {@code webhook}, {@code slack}, {@code email}, ... */
  String kind();

  /** Whether resolved alerts are sent ({@code send_resolved}). */
  boolean sendResolved();
}

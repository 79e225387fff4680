package io.watchkeeper.alerting.notify;

/**
 * Sends one notification through one channel (Alertmanager {@code notify.Notifier}): a webhook
 * call, a Slack message, an email, ...
 *
 * <p>Contract: returns normally when the receiver accepted the notification; throws {@link
 * NotifyException} with {@link NotifyException#retryable()} true for failures worth retrying
 * (timeouts, connection errors, HTTP 5xx and 429) and false for those that would repeat (other
 * 4xx, a payload the receiver refuses). Returns within the channel's timeout; the {@link Deliverer}
 * also interrupts a call that outlives its own limit, so implementations must give up when
 * interrupted. Called by one delivery worker at a time per integration, by several workers at once
 * across integrations: implementations are thread-safe. Never logs URLs or secrets.
 */
@FunctionalInterface
public interface Notifier {
  void notify(Notification notification) throws NotifyException;
}

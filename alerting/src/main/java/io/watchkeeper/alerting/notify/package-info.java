/**
 * The notification pipeline (Alertmanager {@code notify}): {@link
 * io.watchkeeper.alerting.notify.Stage}s combined by {@link io.watchkeeper.alerting.notify.MultiStage},
 * {@link io.watchkeeper.alerting.notify.FanoutStage} and {@link
 * io.watchkeeper.alerting.notify.RoutingStage} into inhibit → active/mute time intervals → silence →
 * per integration: dedup ({@link io.watchkeeper.alerting.notify.DedupStage} against the {@link
 * io.watchkeeper.alerting.notify.NotificationLog}) → retry ({@link
 * io.watchkeeper.alerting.notify.RetryStage} writes to the persisted {@link
 * io.watchkeeper.alerting.notify.Outbox}; the {@link io.watchkeeper.alerting.notify.Deliverer}
 * sends with backoff and rate limits) → record (the notification log, once delivered).
 *
 * <p>Channels implement {@link io.watchkeeper.alerting.notify.Notifier}, one package each (see
 * {@code webhook}), built from their config by the one {@link
 * io.watchkeeper.alerting.notify.NotifierFactory}.
 */
@NullMarked
package io.watchkeeper.alerting.notify;

import org.jspecify.annotations.NullMarked;

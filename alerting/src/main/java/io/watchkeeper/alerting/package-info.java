/**
 * Alertmanager's job inside Watchkeeper, assembled: {@link
 * io.watchkeeper.alerting.NotificationManager} builds the alert store, silences, inhibition,
 * routing tree, dispatcher and delivery from a {@link io.watchkeeper.alerting.NotificationsConfig}
 * and applies new configurations on reload. The parts live in the sub-packages: {@code alert}
 * (shared values), {@code dispatch} (routing and grouping), {@code inhibit}, {@code silence}, {@code
 * timeinterval}, {@code notify} (the pipeline, notification log and outbox) and one package per
 * channel under {@code notify}. Depends on {@code model} only.
 */
@NullMarked
package io.watchkeeper.alerting;

import org.jspecify.annotations.NullMarked;

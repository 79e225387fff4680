/**
 * Routing and grouping (Alertmanager {@code dispatch} and {@code provider/mem}): the {@link
 * io.watchkeeper.alerting.dispatch.AlertStore} merges re-sent alerts, {@link
 * io.watchkeeper.alerting.dispatch.AlertIntake} fills defaults and validates as Alertmanager's API
 * does, the {@link io.watchkeeper.alerting.dispatch.Route} tree picks routes, and the {@link
 * io.watchkeeper.alerting.dispatch.Dispatcher} groups alerts and flushes each group on
 * Alertmanager's group_wait / group_interval timers into the notification pipeline.
 */
@NullMarked
package io.watchkeeper.alerting.dispatch;

import org.jspecify.annotations.NullMarked;

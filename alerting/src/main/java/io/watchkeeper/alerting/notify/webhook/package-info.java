/**
 * The webhook channel (Alertmanager {@code notify/webhook}): POSTs Alertmanager's JSON payload,
 * version 4, to a URL, with optional basic or bearer authorization and {@code max_alerts}.
 */
@NullMarked
package io.watchkeeper.alerting.notify.webhook;

import org.jspecify.annotations.NullMarked;

/**
 * The Slack channel (Alertmanager {@code notify/slack}): posts an attachment message to an incoming
 * webhook (or {@code chat.postMessage}) with Alertmanager's default title, a readable text with
 * severity, runbook link and source per alert, and a colour by severity.
 */
@NullMarked
package io.watchkeeper.alerting.notify.slack;

import org.jspecify.annotations.NullMarked;

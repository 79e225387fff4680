/** The Discord channel (Alertmanager {@code notify/discord}): a webhook message with one embed coloured by status. */
@NullMarked
package io.watchkeeper.alerting.notify.discord;

import org.jspecify.annotations.NullMarked;

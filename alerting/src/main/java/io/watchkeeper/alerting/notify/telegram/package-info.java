/** The Telegram channel (Alertmanager {@code notify/telegram}): the Bot API's {@code sendMessage} to a chat. */
@NullMarked
package io.watchkeeper.alerting.notify.telegram;

import org.jspecify.annotations.NullMarked;

/** The Microsoft Teams channel (Alertmanager {@code notify/msteams}): a MessageCard posted to an incoming webhook. */
@NullMarked
package io.watchkeeper.alerting.notify.msteams;

import org.jspecify.annotations.NullMarked;

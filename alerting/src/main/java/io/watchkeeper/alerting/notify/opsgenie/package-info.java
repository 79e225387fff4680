/**
 * The Opsgenie channel (Alertmanager {@code notify/opsgenie}): creates an alert while the group
 * fires and closes it when it resolved, identified by {@code alias} = the group key's hash.
 */
@NullMarked
package io.watchkeeper.alerting.notify.opsgenie;

import org.jspecify.annotations.NullMarked;

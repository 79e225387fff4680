/**
 * The PagerDuty channel (Alertmanager {@code notify/pagerduty}), Events API v2: trigger and resolve
 * events whose {@code dedup_key} is the group key's hash, so one group is one PagerDuty incident.
 */
@NullMarked
package io.watchkeeper.alerting.notify.pagerduty;

import org.jspecify.annotations.NullMarked;

/**
 * The values every part of alerting shares: {@link io.watchkeeper.alerting.alert.TrackedAlert}
 * (an alert with Alertmanager's bookkeeping), its {@link io.watchkeeper.alerting.alert.Fingerprint},
 * Alertmanager's matcher syntax ({@link io.watchkeeper.alerting.alert.AlertMatchers}), the {@link
 * io.watchkeeper.alerting.alert.Muter} interface of silences, inhibition and time intervals, the
 * {@link io.watchkeeper.alerting.alert.AlertMarker} that records why alerts are muted, and the self
 * metrics.
 */
@NullMarked
package io.watchkeeper.alerting.alert;

import org.jspecify.annotations.NullMarked;

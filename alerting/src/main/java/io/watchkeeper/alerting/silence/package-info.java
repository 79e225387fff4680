/**
 * Silences (Alertmanager {@code silence}): matchers, start, end, author and a required comment;
 * created, updated in place when allowed, expired, and kept as history after they end. {@link
 * io.watchkeeper.alerting.silence.Silences} implements {@link io.watchkeeper.alerting.alert.Muter}
 * and persists through the {@link io.watchkeeper.alerting.silence.SilenceStore} it declares.
 */
@NullMarked
package io.watchkeeper.alerting.silence;

import org.jspecify.annotations.NullMarked;

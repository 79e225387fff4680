/**
 * Time intervals (Alertmanager {@code timeinterval}): recurring windows of times of day, weekdays,
 * days of the month (negative counts from the end), months and years in a time zone, used by
 * routes' {@code mute_time_intervals} (maintenance windows) and {@code active_time_intervals}.
 */
@NullMarked
package io.watchkeeper.alerting.timeinterval;

import org.jspecify.annotations.NullMarked;

/**
 * Alertmanager's HTTP API v2 over the notification side ({@link
 * io.watchkeeper.web.alertmanager.AlertmanagerApi}): alerts, alert groups, silences, status and
 * receivers with Alertmanager 0.25's JSON shapes and error answers, so Prometheus, vmalert, Grafana
 * and {@code amtool} can use Watchkeeper as their Alertmanager.
 */
@NullMarked
package io.watchkeeper.web.alertmanager;

import org.jspecify.annotations.NullMarked;

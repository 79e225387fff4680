package io.watchkeeper.alerting.alert;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Alerting's self metrics, named after Alertmanager's with the {@code watchkeeper_} prefix.
 * Registered once per registry and shared by the components (which are rebuilt on reload, the
 * metrics are not). Thread-safe: client_java metrics are.
 */
public final class AlertingMetrics {
  /** {@code watchkeeper_alerts_received_total{status}}: alerts accepted, firing or resolved. */
  public final Counter alertsReceived;
  /** {@code watchkeeper_alerts_invalid_total}: alerts rejected by validation. */
  public final Counter alertsInvalid;
  /** {@code watchkeeper_alerts{state}}: alerts in the store by state (active, suppressed, unprocessed). */
  public final Gauge alerts;
  /** {@code watchkeeper_notifications_total{integration}}: notification attempts. */
  public final Counter notifications;
  /** {@code watchkeeper_notifications_failed_total{integration,reason}}: failed attempts. */
  public final Counter notificationsFailed;
  /** {@code watchkeeper_notifications_delivered_total{integration}}: notifications delivered. */
  public final Counter notificationsDelivered;
  /** {@code watchkeeper_notification_latency_seconds{integration}}: time of one delivery attempt. */
  public final Histogram notificationLatency;
  /** {@code watchkeeper_notifications_rate_limited_total{integration}}: deliveries held back by a rate limit. */
  public final Counter notificationsRateLimited;
  /** {@code watchkeeper_silences{state}}: silences by state (active, pending, expired). */
  public final Gauge silences;
  /** {@code watchkeeper_nflog_entries}: entries in the notification log. */
  public final Gauge nflogEntries;
  /** {@code watchkeeper_notification_outbox_depth}: notifications waiting in the outbox. */
  public final Gauge outboxDepth;
  /** {@code watchkeeper_dispatcher_aggregation_groups}: aggregation groups alive. */
  public final Gauge aggregationGroups;

  /** Registers every metric with {@code registry}. */
  public AlertingMetrics(PrometheusRegistry registry) {
    alertsReceived = Counter.builder().name("watchkeeper_alerts_received_total")
        .help("Alerts received, by status (firing or resolved).").labelNames("status").register(registry);
    alertsInvalid = Counter.builder().name("watchkeeper_alerts_invalid_total")
        .help("Alerts received that were rejected as invalid.").register(registry);
    alerts = Gauge.builder().name("watchkeeper_alerts")
        .help("Alerts held, by state (active, suppressed, unprocessed).").labelNames("state").register(registry);
    notifications = Counter.builder().name("watchkeeper_notifications_total")
        .help("Notification delivery attempts, by integration.").labelNames("integration").register(registry);
    notificationsFailed = Counter.builder().name("watchkeeper_notifications_failed_total")
        .help("Failed notification delivery attempts, by integration and reason (retryable, permanent, expired).")
        .labelNames("integration", "reason").register(registry);
    notificationsDelivered = Counter.builder().name("watchkeeper_notifications_delivered_total")
        .help("Notifications delivered, by integration.").labelNames("integration").register(registry);
    notificationLatency = Histogram.builder().name("watchkeeper_notification_latency_seconds")
        .help("Duration of notification delivery attempts, by integration.").labelNames("integration")
        .classicOnly().classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60).register(registry);
    notificationsRateLimited = Counter.builder().name("watchkeeper_notifications_rate_limited_total")
        .help("Deliveries postponed by a receiver's rate limit, by integration.").labelNames("integration")
        .register(registry);
    silences = Gauge.builder().name("watchkeeper_silences")
        .help("Silences, by state (active, pending, expired).").labelNames("state").register(registry);
    nflogEntries = Gauge.builder().name("watchkeeper_nflog_entries")
        .help("Entries in the notification log.").register(registry);
    outboxDepth = Gauge.builder().name("watchkeeper_notification_outbox_depth")
        .help("Notifications written to the outbox and not yet delivered or given up.").register(registry);
    aggregationGroups = Gauge.builder().name("watchkeeper_dispatcher_aggregation_groups")
        .help("Aggregation groups of the dispatcher.").register(registry);
  }
}

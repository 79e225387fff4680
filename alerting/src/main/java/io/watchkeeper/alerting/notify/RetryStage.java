package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands a notification to the integration's delivery (Alertmanager {@code RetryStage}, with the
 * retries moved into the persisted outbox): writes it to the {@link Outbox} through the {@link
 * Deliverer}, whose worker sends it, retries with backoff while the receiver fails, and records it
 * in the notification log once delivered. For integrations without send_resolved, resolved alerts
 * are left out, and a flush with only resolved alerts is recorded as notified without sending (so
 * the log forgets the firing ones). Thread-safe.
 */
public record RetryStage(Integration integration, Deliverer deliverer, NotificationLog nflog, String externalUrl) implements Stage {
  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) {
    Set<Long> firing = new HashSet<>();
    Set<Long> resolved = new HashSet<>();
    List<NotifiedAlert> payload = new ArrayList<>(alerts.size());
    for (TrackedAlert a : alerts) {
      NotifiedAlert n = NotifiedAlert.of(a, ctx.now());
      (n.resolved() ? resolved : firing).add(n.fingerprint());
      if (!n.resolved() || integration.sendResolved()) {
        payload.add(n);
      }
    }
    if (!integration.sendResolved() && firing.isEmpty()) {
      nflog.log(new NflogEntry(ctx.groupKey(), integration.key(), firing, resolved, ctx.now(),
          ctx.now().plus(ctx.repeatInterval().multipliedBy(2))));
      return alerts;
    }
    Notification n = new Notification(ctx.receiver(), ctx.groupKey(), ctx.groupLabels(), payload, externalUrl);
    deliverer.enqueue(new OutboxEntry(0, integration.key(), ctx.groupKey(), n, firing, resolved, ctx.repeatInterval(), ctx.now(), 0,
        ctx.now(), ""));
    return alerts;
  }
}

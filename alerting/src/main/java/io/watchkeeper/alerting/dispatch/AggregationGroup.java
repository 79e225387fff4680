package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.AlertMatchers;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of one route with the same group labels, and the group's timer (Alertmanager {@code
 * aggrGroup}). Not thread-safe: every field is guarded by the owning {@link Dispatcher}'s lock.
 */
final class AggregationGroup {
  final Route route;
  final Labels labels;
  final String groupKey;
  final Map<Long, TrackedAlert> alerts = new LinkedHashMap<>();
  /** When the next flush is due. */
  Instant nextFlush;
  /** Whether the group has flushed once: after that, new alerts wait for the group interval. */
  boolean hasFlushed;
  /** Whether a flush of this group is running (flushes of one group never overlap). */
  boolean flushing;
  /** Whether the group was removed from the dispatcher. */
  boolean removed;

  AggregationGroup(Route route, Labels labels, Instant now) {
    this.route = route;
    this.labels = labels;
    this.groupKey = route.key() + ":" + AlertMatchers.formatLabelSet(labels);
    this.nextFlush = now.plus(route.options().groupWait());
  }

  /**
   * Adds or replaces an alert; returns true if that makes the group due now (Alertmanager flushes at
   * once when an alert's {@code startsAt + group_wait} is already past before the first flush).
   */
  boolean insert(TrackedAlert a, Instant now) {
    alerts.put(a.fingerprint(), a);
    if (!hasFlushed && a.startsAt().plus(route.options().groupWait()).isBefore(now) && nextFlush.isAfter(now)) {
      nextFlush = now;
      return true;
    }
    return false;
  }

  /** The alerts to notify about at {@code now}, sorted; firing ones without their endsAt. */
  List<TrackedAlert> snapshot(Instant now) {
    List<TrackedAlert> out = new ArrayList<>(alerts.size());
    for (TrackedAlert a : alerts.values()) {
      out.add(a.isResolvedAt(now) ? a : a.withEndsAt(TrackedAlert.ZERO_TIME));
    }
    out.sort(TrackedAlert.NOTIFICATION_ORDER);
    return out;
  }

  /**
   * Deletes the resolved alerts just notified, unless they changed (fired again) during the flush:
   * Alertmanager's {@code DeleteIfNotModified}.
   */
  void deleteResolved(List<TrackedAlert> notifiedResolved) {
    for (TrackedAlert r : notifiedResolved) {
      TrackedAlert current = alerts.get(r.fingerprint());
      if (current != null && current.updatedAt().equals(r.updatedAt()) && current.endsAt().equals(r.endsAt())) {
        alerts.remove(r.fingerprint());
      }
    }
  }
}

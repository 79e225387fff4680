package io.watchkeeper.alerting.notify;

import io.watchkeeper.alerting.alert.TrackedAlert;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets a flush through only when the integration needs to hear about it (Alertmanager {@code
 * DedupStage.needsUpdate}), judged against the {@link NotificationLog}:
 *
 * <ul>
 *   <li>never notified: only if something fires;
 *   <li>an alert fires that was not firing in the last notification: yes;
 *   <li>nothing fires any more: only if the last notification had firing alerts (all resolved);
 *   <li>with send_resolved, an alert resolved that was not resolved in the last one: yes;
 *   <li>otherwise only once the repeat interval has passed since the last notification.
 * </ul>
 *
 * Thread-safe.
 */
public record DedupStage(Integration integration, NotificationLog nflog) implements Stage {
  @Override
  public List<TrackedAlert> exec(NotifyContext ctx, List<TrackedAlert> alerts) {
    Set<Long> firing = new HashSet<>();
    Set<Long> resolved = new HashSet<>();
    for (TrackedAlert a : alerts) {
      (a.isResolvedAt(ctx.now()) ? resolved : firing).add(a.fingerprint());
    }
    Optional<NflogEntry> entry = nflog.query(integration.key(), ctx.groupKey());
    return needsUpdate(entry, firing, resolved, ctx) ? alerts : List.of();
  }

  private boolean needsUpdate(Optional<NflogEntry> last, Set<Long> firing, Set<Long> resolved, NotifyContext ctx) {
    if (last.isEmpty()) {
      return !firing.isEmpty();
    }
    NflogEntry e = last.get();
    if (!e.isFiringSubset(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      return !e.firing().isEmpty();
    }
    if (integration.sendResolved() && !e.isResolvedSubset(resolved)) {
      return true;
    }
    return e.timestamp().isBefore(ctx.now().minus(ctx.repeatInterval()));
  }
}

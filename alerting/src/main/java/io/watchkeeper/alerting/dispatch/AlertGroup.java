package io.watchkeeper.alerting.dispatch;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.model.Labels;
import java.util.List;

/**
 * A snapshot of one aggregation group for the API ({@code GET /api/v2/alerts/groups}). Immutable.
 *
 * @param labels the group labels
 * @param receiver the receiver of the group's route
 * @param groupKey the group key
 * @param routeId the unique ID of the route
 * @param alerts the group's alerts that passed the caller's filter, sorted
 */
public record AlertGroup(Labels labels, String receiver, String groupKey, String routeId, List<TrackedAlert> alerts) {
  public AlertGroup {
    alerts = List.copyOf(alerts);
  }
}

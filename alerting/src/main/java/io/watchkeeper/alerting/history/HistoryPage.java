package io.watchkeeper.alerting.history;

import java.util.List;

/**
 * One page of history: the alerts and how many the query selects in all. Immutable.
 *
 * @param page 1-based
 */
public record HistoryPage(List<AlertRecord> alerts, long total, int page, int limit) {
  public HistoryPage {
    alerts = List.copyOf(alerts);
  }

  /** How many pages the query has. */
  public long pages() {
    return (total + limit - 1) / limit;
  }
}

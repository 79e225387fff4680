package io.watchkeeper.web.api;

import java.util.List;
import java.util.Map;

/**
 * The scrape targets, for {@code /api/v1/targets} (Prometheus {@code v1.TargetRetriever}). The
 * server adapts the scrape manager to it. Thread-safe; each call returns a snapshot.
 */
public interface TargetRetriever {
  /** Targets being scraped, grouped by nothing in particular: the API sorts by scrape pool. */
  List<ActiveTarget> activeTargets();

  /** Targets dropped by relabelling that are still kept for display (may be fewer than counted). */
  List<DroppedTarget> droppedTargets();

  /** How many targets each scrape pool dropped, including those not kept for display. */
  Map<String, Integer> droppedTargetCounts();
}

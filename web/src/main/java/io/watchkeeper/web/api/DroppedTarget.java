package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import java.util.Objects;

/**
 * A discovered target that relabelling dropped.
 *
 * @param discoveredLabels its labels before relabelling
 * @param scrapePool the scrape pool (job) that dropped it
 */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {
  public DroppedTarget {
    Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    Objects.requireNonNull(scrapePool, "scrapePool");
  }
}

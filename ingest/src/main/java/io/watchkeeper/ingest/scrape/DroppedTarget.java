package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import java.util.Objects;

/**
 * A discovered target that relabelling dropped, for {@code /api/v1/targets} ({@code droppedTargets}).
 *
 * @param discoveredLabels its labels before relabelling
 * @param scrapePool the job name
 */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {
  public DroppedTarget {
    Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    Objects.requireNonNull(scrapePool, "scrapePool");
  }
}

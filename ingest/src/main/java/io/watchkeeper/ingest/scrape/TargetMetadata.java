package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import java.util.Objects;

/**
 * Metadata of one metric family as one target exposes it, for {@code /api/v1/targets/metadata}.
 *
 * @param target the target's labels
 * @param metric the metric family name
 */
public record TargetMetadata(Labels target, String metric, Metadata metadata) {
  public TargetMetadata {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(metadata, "metadata");
  }
}

package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Metadata;
import java.util.Map;
import java.util.Objects;

/**
 * What one active target's last scrape said about its metrics.
 *
 * @param targetLabels the target's labels (as in {@link ActiveTarget#labels()})
 * @param metadataByMetric metric family name → type, help and unit; read only, may be a live view
 *     the API only iterates
 */
public record TargetMetadata(Labels targetLabels, Map<String, Metadata> metadataByMetric) {
  public TargetMetadata {
    Objects.requireNonNull(targetLabels, "targetLabels");
    Objects.requireNonNull(metadataByMetric, "metadataByMetric");
  }
}

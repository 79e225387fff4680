package io.watchkeeper.web.api;

import java.util.List;

/**
 * Metric metadata (type, help, unit) that the scrapes collected, per active target: {@code
 * /api/v1/metadata} merges it per metric and {@code /api/v1/targets/metadata} lists it per target
 * (Prometheus reads both from its targets the same way). The server adapts the scrape manager to
 * it. Thread-safe.
 */
@FunctionalInterface
public interface MetadataRetriever {
  /** The metadata of every active target. */
  List<TargetMetadata> targetMetadata();
}

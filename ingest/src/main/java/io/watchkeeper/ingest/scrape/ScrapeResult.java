package io.watchkeeper.ingest.scrape;

import io.watchkeeper.storage.AppendException;
import java.util.Map;
import java.util.Objects;

/**
 * What one scrape of one target did: the figures of its report series and what the storage
 * refused.
 *
 * @param error empty if the scrape succeeded, else why it failed ({@code up} was 0)
 * @param samplesScraped samples in the exposition ({@code scrape_samples_scraped})
 * @param samplesPostRelabel samples left after metric relabelling ({@code
 *     scrape_samples_post_metric_relabeling})
 * @param seriesAdded series not in the scrape cache before ({@code scrape_series_added})
 * @param staleMarkers staleness markers written for series that disappeared
 * @param durationSeconds the value of {@code scrape_duration_seconds}
 * @param rejections samples the storage refused, by reason (those are not errors of the scrape)
 */
public record ScrapeResult(
    String error,
    int samplesScraped,
    int samplesPostRelabel,
    int seriesAdded,
    int staleMarkers,
    double durationSeconds,
    Map<AppendException.Reason, Integer> rejections) {
  public ScrapeResult {
    Objects.requireNonNull(error, "error");
    rejections = Map.copyOf(rejections);
  }

  /** Whether the scrape succeeded ({@code up} is 1). */
  public boolean isUp() {
    return error.isEmpty();
  }

  /** Samples the storage refused, all reasons together. */
  public int rejected() {
    int n = 0;
    for (int v : rejections.values()) {
      n += v;
    }
    return n;
  }
}

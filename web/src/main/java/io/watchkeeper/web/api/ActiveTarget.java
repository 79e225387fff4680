package io.watchkeeper.web.api;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A target being scraped, as {@code /api/v1/targets} shows it.
 *
 * @param discoveredLabels labels from service discovery, before relabelling
 * @param labels the target's labels after relabelling (attached to its series)
 * @param scrapePool the scrape pool (job) it belongs to
 * @param scrapeUrl the URL scraped
 * @param globalUrl the URL as seen from elsewhere (local host names replaced); may equal scrapeUrl
 * @param lastError the last scrape's error, empty if it succeeded
 * @param lastScrape when it was last scraped, null if never
 * @param lastScrapeDuration how long the last scrape took
 * @param health the last scrape's outcome
 * @param scrapeInterval the configured interval
 * @param scrapeTimeout the configured timeout
 */
public record ActiveTarget(
    Labels discoveredLabels,
    Labels labels,
    String scrapePool,
    String scrapeUrl,
    String globalUrl,
    String lastError,
    @Nullable Instant lastScrape,
    Duration lastScrapeDuration,
    TargetHealth health,
    Duration scrapeInterval,
    Duration scrapeTimeout) {
  public ActiveTarget {
    Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(scrapePool, "scrapePool");
    Objects.requireNonNull(scrapeUrl, "scrapeUrl");
    Objects.requireNonNull(globalUrl, "globalUrl");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastScrapeDuration, "lastScrapeDuration");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(scrapeInterval, "scrapeInterval");
    Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
  }
}

package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a scraped target, for {@code /api/v1/targets} ({@code activeTargets}).
 *
 * @param discoveredLabels the labels before relabelling ({@code __address__}, {@code __meta_*} ...)
 * @param labels the labels its series get (no {@code __}-prefixed labels)
 * @param scrapePool the job name
 * @param scrapeUrl the URL scraped
 * @param globalUrl the URL as seen from outside: loopback hosts replaced by the server's external
 *     host (Prometheus' {@code globalUrl}); equal to {@code scrapeUrl} when not configured
 * @param lastError empty when the last scrape succeeded or there was none
 * @param lastScrape when the last scrape started; empty before the first
 * @param lastScrapeDuration how long it took, zero before the first
 */
public record ActiveTarget(
    Labels discoveredLabels,
    Labels labels,
    String scrapePool,
    String scrapeUrl,
    String globalUrl,
    String lastError,
    Optional<Instant> lastScrape,
    Duration lastScrapeDuration,
    TargetHealth health,
    Duration scrapeInterval,
    Duration scrapeTimeout) {
  public ActiveTarget {
    Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastScrape, "lastScrape");
    Objects.requireNonNull(health, "health");
  }
}

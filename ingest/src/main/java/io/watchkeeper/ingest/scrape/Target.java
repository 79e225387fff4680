package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.ByteHash;
import io.watchkeeper.model.Labels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One scrape target: what relabelling made of a discovered label set, its scrape URL and timing,
 * and its health as of the last scrape. Identity is the label set (internal labels included) with
 * the URL, as in Prometheus; the same identity across reloads keeps the target's scrape loop.
 *
 * <p>Immutable except for the health status, which the scrape loop replaces atomically and anyone
 * may read.
 */
final class Target {
  /** What identifies a target across discovery updates and reloads. */
  record Key(Labels labels, String url) {}

  /** The outcome of the last scrape. */
  record Status(TargetHealth health, String lastError, Optional<Instant> lastScrape, Duration lastScrapeDuration) {
    static final Status INITIAL = new Status(TargetHealth.UNKNOWN, "", Optional.empty(), Duration.ZERO);
  }

  private final Labels discoveredLabels;
  private final Labels labels;
  private final Labels publicLabels;
  private final String scrapePool;
  private final String url;
  private final URI uri;
  private final Duration interval;
  private final Duration timeout;
  private final long hash;
  private volatile Status status = Status.INITIAL;

  /**
   * @throws IllegalArgumentException if {@code url} is not a valid URI
   */
  Target(Labels discoveredLabels, Labels labels, String scrapePool, String url, Duration interval, Duration timeout) {
    this.discoveredLabels = Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.scrapePool = Objects.requireNonNull(scrapePool, "scrapePool");
    this.url = Objects.requireNonNull(url, "url");
    this.uri = URI.create(url);
    this.interval = interval;
    this.timeout = timeout;
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).startsWith("__")) {
        b.set(labels.name(i), labels.value(i));
      }
    }
    this.publicLabels = b.build();
    byte[] u = url.getBytes(StandardCharsets.UTF_8);
    this.hash = labels.stableHash() * 31 + ByteHash.xxh64(u, 0, u.length);
  }

  Key key() {
    return new Key(labels, url);
  }

  /** Labels before relabelling. */
  Labels discoveredLabels() {
    return discoveredLabels;
  }

  /** Labels after relabelling, internal ({@code __}) ones included. */
  Labels labels() {
    return labels;
  }

  /** The labels its series get. */
  Labels publicLabels() {
    return publicLabels;
  }

  String scrapePool() {
    return scrapePool;
  }

  String url() {
    return url;
  }

  URI uri() {
    return uri;
  }

  Duration interval() {
    return interval;
  }

  Duration timeout() {
    return timeout;
  }

  /** A stable hash of the identity: spreads scrape start offsets. */
  long hash() {
    return hash;
  }

  Status status() {
    return status;
  }

  void setStatus(Status s) {
    status = Objects.requireNonNull(s, "status");
  }

  ActiveTarget view(String globalUrl) {
    Status s = status;
    return new ActiveTarget(discoveredLabels, publicLabels, scrapePool, url, globalUrl, s.lastError(), s.lastScrape(),
        s.lastScrapeDuration(), s.health(), interval, timeout);
  }

  @Override
  public String toString() {
    return url + " " + publicLabels;
  }
}

package io.watchkeeper.ingest.scrape;

import io.watchkeeper.storage.AppendException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target on its own virtual thread (Prometheus {@code scrapeLoop}).
 *
 * <p>Timing: scrapes happen at {@code offset + k × interval} epoch milliseconds, where the offset
 * is the target's hash (mixed with the jitter seed) modulo the interval, so targets spread over the
 * interval, a target keeps its phase across reloads and restarts, and samples carry exactly
 * scheduled timestamps (regular timestamps compress to almost nothing in the TSDB). A loop that
 * falls behind skips to the latest slot. The first scrape is at the first slot after start.
 *
 * <p>Stopping: {@link #stop(boolean)} cancels a fetch in flight; with staleness the loop then
 * waits until the next slot plus one interval and 10% (the target may come back in a reload) and
 * writes staleness markers dated at the next slot, as Prometheus does. The manager's shutdown
 * signal skips that.
 *
 * <p>Thread-safe: {@link #stop}, {@link #target()} and {@link #appender()} may be called from any
 * thread; the loop's buffers belong to its thread.
 */
final class ScrapeLoop {
  private static final Logger log = LoggerFactory.getLogger(ScrapeLoop.class);

  private final Target target;
  private final ScrapeContext ctx;
  private final ScrapeMetrics.Job metrics;
  private final HttpScraper scraper;
  private final TargetAppender appender;
  private final long bodySizeLimit;
  private final long jitterSeed;
  private final Wakeup stop = new Wakeup();
  private final ScrapeConnection connection = new ScrapeConnection();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean staleOnStop;
  private volatile @Nullable String forcedError;

  // scrape-loop thread only
  private final BodyBuffer body;
  private final BodyBuffer raw;
  private int lastBodySize = 4096;
  private volatile boolean started; // set under the pool lock

  ScrapeLoop(Target target, ScrapeContext ctx, ScrapeMetrics.Job metrics, HttpScraper scraper, TargetAppender appender, long bodySizeLimit,
      long jitterSeed) {
    this.target = target;
    this.ctx = ctx;
    this.metrics = metrics;
    this.scraper = scraper;
    this.appender = appender;
    this.bodySizeLimit = bodySizeLimit;
    this.jitterSeed = jitterSeed;
    this.body = new BodyBuffer(ctx.buffers());
    this.raw = new BodyBuffer(ctx.buffers());
  }

  Target target() {
    return target;
  }

  TargetAppender appender() {
    return appender;
  }

  boolean isStarted() {
    return started;
  }

  /** Starts the loop's virtual thread. */
  void start() {
    if (started) {
      throw new IllegalStateException("BUG: scrape loop started twice");
    }
    started = true;
    long now = ctx.clock().millis(); // read here, not on the new thread: the schedule starts at start()
    Thread.ofVirtual().name("scrape-" + target.scrapePool() + "-" + target.url()).start(() -> run(now));
  }

  /** Makes every scrape fail with {@code error} without fetching (target_limit), or clears it (null). */
  void setForcedError(@Nullable String error) {
    forcedError = error;
  }

  /** Stops the loop; with {@code staleness}, its series get end-of-run staleness markers. */
  void stop(boolean staleness) {
    staleOnStop = staleness;
    stop.signal();
    connection.cancel();
  }

  /** Waits until the loop's thread ended (after any end-of-run staleness). */
  boolean awaitFinished(Duration timeout) throws InterruptedException {
    return !started || finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The first scrape slot at or after {@code now}: {@code offset + k × interval}. */
  static long firstSlot(long now, long intervalMillis, long offsetMillis) {
    long k = Math.floorDiv(now - offsetMillis + intervalMillis - 1, intervalMillis);
    return offsetMillis + k * intervalMillis;
  }

  /** The offset of this target's slots within the interval. */
  long offsetMillis() {
    return Long.remainderUnsigned(target.hash() ^ jitterSeed, target.interval().toMillis());
  }

  private void run(long startMillis) {
    long interval = target.interval().toMillis();
    long next = firstSlot(startMillis, interval, offsetMillis());
    try {
      while (!stop.isSignalled() && ctx.sleeper().sleepUntil(next, stop)) {
        long now = ctx.clock().millis();
        if (now - next >= interval) {
          next += (now - next) / interval * interval; // fell behind: take the latest slot
        }
        scrapeOnce(next);
        next += interval;
      }
      if (staleOnStop && appender.hasScraped() && !ctx.shutdown().isSignalled()) {
        endOfRunStaleness(next, interval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "scrape").addKeyValue("job", target.scrapePool()).addKeyValue("target", target.url())
          .setCause(e).log("scrape loop failed");
    } finally {
      body.release();
      raw.release();
      connection.close();
      finished.countDown();
    }
  }

  private void endOfRunStaleness(long staleTime, long interval) throws InterruptedException {
    // Wait until the target, if it was only moved by a reload, has been scraped by its new loop:
    // markers older than its new samples are then refused as out of order, as they should be.
    if (!ctx.sleeper().sleepUntil(staleTime + interval + interval / 10, ctx.shutdown())) {
      return;
    }
    int n = appender.appendStaleMarkers(ctx.storage(), staleTime);
    metrics.staleMarkers(n);
  }

  /**
   * Scrapes once with timestamp {@code t}: fetch, append, report, update health and metrics.
   * Returns null if the loop was stopped during the fetch (nothing is written then).
   */
  @Nullable ScrapeResult scrapeOnce(long t) {
    long startNanos = ctx.nanoTime().getAsLong();
    Optional<Instant> startWall = Optional.of(ctx.clock().instant());
    String forced = forcedError;
    ScrapeResult r;
    if (forced != null) {
      r = appender.appendFailedScrape(ctx.storage(), forced, t, startNanos);
    } else {
      try {
        body.reserve(lastBodySize);
        String contentType = scraper.fetch(target.uri(), target.timeout(), bodySizeLimit, body, raw, ctx.decoders(), connection);
        lastBodySize = body.length;
        r = appender.appendScrape(ctx.storage(), body.bytes, body.length, contentType, t, startNanos);
      } catch (HttpScraper.ScrapeException e) {
        if (stop.isSignalled()) {
          return null;
        }
        r = appender.appendFailedScrape(ctx.storage(), e.getMessage(), t, startNanos);
      } finally {
        body.release();
        raw.release();
      }
    }
    Target.Status before = target.status();
    Duration took = Duration.ofNanos(ctx.nanoTime().getAsLong() - startNanos);
    target.setStatus(new Target.Status(r.isUp() ? TargetHealth.UP : TargetHealth.DOWN, r.error(), startWall, took));
    metrics.record(r);
    logOutcome(before, r);
    return r;
  }

  private void logOutcome(Target.Status before, ScrapeResult r) {
    if (r.rejected() > 0) {
      var event = log.atWarn().addKeyValue("component", "scrape").addKeyValue("job", target.scrapePool())
          .addKeyValue("target", target.url());
      for (Map.Entry<AppendException.Reason, Integer> e : r.rejections().entrySet()) {
        event = event.addKeyValue(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
      }
      event.log("storage refused scraped samples");
    }
    if (!r.isUp() && before.health() != TargetHealth.DOWN) {
      log.atWarn().addKeyValue("component", "scrape").addKeyValue("job", target.scrapePool()).addKeyValue("target", target.url())
          .addKeyValue("error", r.error()).log("target is down");
    } else if (r.isUp() && before.health() == TargetHealth.DOWN) {
      log.atInfo().addKeyValue("component", "scrape").addKeyValue("job", target.scrapePool()).addKeyValue("target", target.url())
          .log("target is up again");
    } else if (!r.isUp()) {
      log.atDebug().addKeyValue("component", "scrape").addKeyValue("job", target.scrapePool()).addKeyValue("target", target.url())
          .addKeyValue("error", r.error()).log("scrape failed");
    }
  }
}

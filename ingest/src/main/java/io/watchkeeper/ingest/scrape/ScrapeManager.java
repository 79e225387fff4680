package io.watchkeeper.ingest.scrape;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.storage.Appendable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes the targets of {@code scrape_configs} into storage (Prometheus {@code scrape.Manager}):
 * one pool per job, one loop per target on a virtual thread, targets from {@code static_configs}
 * and {@code file_sd_configs} (watched, and re-read every {@code refresh_interval}).
 *
 * <p>Lifecycle: construct, {@link #applyConfig} (before or after {@link #start()}), {@link
 * #start()}, then {@link #applyConfig} on every reload, {@link #close()} at shutdown. A reload is
 * all-or-nothing: if any job's configuration is invalid, nothing changes and the call throws. Jobs
 * whose configuration is unchanged, or whose only change is their target list ({@code
 * static_configs}, {@code file_sd_configs}), keep the loops of unchanged targets untouched; other
 * changed jobs restart their loops (keeping scrape caches where the series cannot have changed);
 * removed jobs and targets get end-of-run staleness markers. Closing writes no staleness markers:
 * the server will resume where it stopped.
 *
 * <p>Views for the HTTP API ({@link #activeTargets()}, {@link #droppedTargets()}, {@link
 * #metadata}, {@link #targetMetadata}) are snapshots. Thread-safe.
 */
public final class ScrapeManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScrapeManager.class);
  private static final long MAX_DISCOVERY_WAIT_MILLIS = 60_000;
  /** How long {@link #close()} waits for scrapes in flight (cancelled, so they end quickly). */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /**
   * How {@code globalUrl} of {@code /api/v1/targets} is derived (Prometheus' {@code
   * GlobalURLOptions}): a target on a loopback host is shown with the server's external host; a
   * target that is the server itself (loopback and the listen port) with its external scheme and
   * host:port.
   *
   * @param listenAddress the server's listen address, {@code host:port}
   * @param scheme the external URL's scheme
   * @param host the external URL's {@code host[:port]}
   */
  public record GlobalUrlOptions(String listenAddress, String scheme, String host) {}

  /**
   * The manager's collaborators.
   *
   * @param clock wall-clock time for scrape timestamps and schedules
   * @param sleeper how loops wait for their slots (tied to {@code clock})
   * @param nanoTime a monotonic clock for scrape durations
   * @param userAgent the {@code User-Agent} of scrapes
   * @param jitterSeed mixed into every target's slot offset (Prometheus uses the host name); the
   *     external labels are mixed in too
   * @param globalUrl how to derive targets' global URLs; empty: same as the scrape URL
   * @param bufferPoolBytes how many bytes of idle body buffers to keep for reuse
   */
  public record Options(
      InstantSource clock,
      Sleeper sleeper,
      LongSupplier nanoTime,
      String userAgent,
      long jitterSeed,
      Optional<GlobalUrlOptions> globalUrl,
      long bufferPoolBytes) {
    public Options {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(sleeper, "sleeper");
      Objects.requireNonNull(nanoTime, "nanoTime");
      Objects.requireNonNull(userAgent, "userAgent");
      Objects.requireNonNull(globalUrl, "globalUrl");
    }

    /** Real time, user agent {@code Watchkeeper/<version>}, 8 MiB of pooled body buffers (more stay as garbage: at 100k series 64 MiB kept 7 MiB of idle buffers live). */
    public static Options defaults(String version) {
      InstantSource clock = InstantSource.system();
      return new Options(clock, Sleeper.of(clock), System::nanoTime, "Watchkeeper/" + version, 0, Optional.empty(), 8L << 20);
    }

    public Options withGlobalUrl(GlobalUrlOptions g) {
      return new Options(clock, sleeper, nanoTime, userAgent, jitterSeed, Optional.of(g), bufferPoolBytes);
    }

    public Options withJitterSeed(long seed) {
      return new Options(clock, sleeper, nanoTime, userAgent, seed, globalUrl, bufferPoolBytes);
    }
  }

  private final Options options;
  private final ScrapeContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>(); // guarded by lock
  private volatile List<ScrapePool> poolList = List.of();
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock
  private final Wakeup discoveryWake = new Wakeup();
  private final AtomicBoolean filesChanged = new AtomicBoolean();
  private @Nullable FileWatcher watcher; // guarded by lock

  /**
   * @param storage where samples go
   * @param registry where the self metrics are registered (one manager per registry)
   */
  public ScrapeManager(Appendable storage, PrometheusRegistry registry, Options options) {
    this.options = Objects.requireNonNull(options, "options");
    this.ctx = new ScrapeContext(Objects.requireNonNull(storage, "storage"), options.clock(), options.sleeper(), options.nanoTime(),
        new ScrapeMetrics(registry), new BufferPool(options.bufferPoolBytes()), new GzipDecoder.Pool(16), new Wakeup(), options.userAgent());
  }

  /** Starts scraping and discovery. */
  public void start() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scrape manager is closed");
      }
      if (started) {
        return;
      }
      started = true;
      try {
        watcher = new FileWatcher(this::filesChanged);
      } catch (IOException e) {
        log.atWarn().addKeyValue("component", "discovery").setCause(e).log("cannot watch file_sd files, relying on refresh_interval");
      }
      updateWatches();
      for (ScrapePool p : pools.values()) {
        p.start();
      }
      Thread.ofVirtual().name("scrape-discovery").start(this::discoveryLoop);
      log.atInfo().addKeyValue("component", "scrape").addKeyValue("jobs", pools.size()).log("scrape manager started");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies {@code scrape_configs}: all-or-nothing.
   *
   * @param externalLabels {@code global.external_labels}; they only seed the spreading of scrape
   *     offsets here (they are added to data leaving the server, not to stored series)
   * @throws IllegalArgumentException naming the job and the problem; the running configuration stays
   */
  public void applyConfig(List<ScrapeConfig> configs, Labels externalLabels) {
    Set<String> names = new HashSet<>();
    for (ScrapeConfig c : configs) {
      if (!names.add(c.jobName())) {
        throw new IllegalArgumentException("found multiple scrape configs with job name \"" + c.jobName() + "\"");
      }
    }
    long seed = externalLabels.stableHash() ^ options.jitterSeed();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scrape manager is closed");
      }
      Map<String, ScrapePool.Prepared> prepared = new LinkedHashMap<>();
      Map<String, ScrapeConfig> targetsOnly = new LinkedHashMap<>();
      try {
        for (ScrapeConfig c : configs) {
          ScrapePool existing = pools.get(c.jobName());
          if (existing != null && existing.config().equals(c)) {
            continue;
          }
          if (existing != null && ScrapePool.sameExceptTargets(existing.config(), c)) {
            targetsOnly.put(c.jobName(), c); // only the target list changed: keep the loops
            continue;
          }
          prepared.put(c.jobName(), ScrapePool.prepare(c, options.userAgent()));
        }
      } catch (RuntimeException e) {
        prepared.values().forEach(p -> p.scraper().close());
        throw e;
      }
      for (var it = pools.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, ScrapePool> e = it.next();
        if (!names.contains(e.getKey())) {
          e.getValue().stop(true);
          it.remove();
        }
      }
      for (ScrapeConfig c : targetsOnly.values()) {
        pools.get(c.jobName()).updateTargets(c);
      }
      for (ScrapeConfig c : configs) {
        ScrapePool.Prepared p = prepared.get(c.jobName());
        if (p == null) {
          continue; // unchanged, or only its targets changed
        }
        ScrapePool existing = pools.get(c.jobName());
        if (existing == null) {
          ScrapePool pool = ScrapePool.create(ctx, p, seed);
          pools.put(c.jobName(), pool);
          if (started) {
            pool.start();
          } else {
            pool.prepareTargets();
          }
        } else {
          existing.reload(p, seed);
        }
      }
      LinkedHashMap<String, ScrapePool> ordered = new LinkedHashMap<>();
      for (ScrapeConfig c : configs) {
        ordered.put(c.jobName(), pools.get(c.jobName()));
      }
      pools.clear();
      pools.putAll(ordered);
      poolList = List.copyOf(pools.values());
      updateWatches();
      log.atInfo().addKeyValue("component", "scrape").addKeyValue("jobs", pools.size())
          .addKeyValue("changed", prepared.size() + targetsOnly.size())
          .log("scrape configuration applied");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying the scrape configuration", e);
    } finally {
      lock.unlock();
    }
    discoveryWake.signal();
  }

  /** Stops every loop and discovery; writes no staleness markers. */
  @Override
  public void close() {
    List<ScrapeLoop> stopping = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      ctx.shutdown().signal();
      discoveryWake.signal();
      for (ScrapePool p : pools.values()) {
        stopping.addAll(p.stop(false));
      }
      pools.clear();
      poolList = List.of();
      if (watcher != null) {
        watcher.close();
      }
      ctx.decoders().close();
    } finally {
      lock.unlock();
    }
    awaitStopped(stopping);
    log.atInfo().addKeyValue("component", "scrape").log("scrape manager stopped");
  }

  /**
   * Waits (at most {@link #CLOSE_WAIT} in all) for stopped loops to end: a scrape in flight
   * finishes its append before close returns, so the storage closed next is not written after.
   */
  private static void awaitStopped(List<ScrapeLoop> loops) {
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    try {
      for (ScrapeLoop loop : loops) {
        if (!loop.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          log.atWarn().addKeyValue("component", "scrape").addKeyValue("target", loop.target().url())
              .log("scrape loop did not stop within " + CLOSE_WAIT.toSeconds() + " s; its last scrape may be lost");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void filesChanged() {
    filesChanged.set(true);
    discoveryWake.signal();
  }

  private void updateWatches() {
    FileWatcher w = watcher;
    if (w == null) {
      return;
    }
    Set<java.nio.file.Path> dirs = new LinkedHashSet<>();
    for (ScrapePool p : pools.values()) {
      for (FileDiscovery fd : p.fileDiscoveries()) {
        dirs.addAll(fd.directories());
      }
    }
    w.watch(dirs);
  }

  /** Re-reads file discovery where due (or everywhere after a file change); waits for the next due time. */
  private void discoveryLoop() {
    Map<FileDiscovery, Long> nextDue = new IdentityHashMap<>();
    try {
      while (!ctx.shutdown().isSignalled()) {
        discoveryWake.clear();
        boolean changed = filesChanged.getAndSet(false);
        long now = ctx.clock().millis();
        long earliest = now + MAX_DISCOVERY_WAIT_MILLIS;
        Map<FileDiscovery, Long> seen = new IdentityHashMap<>();
        for (ScrapePool pool : poolList) {
          boolean due = changed;
          for (FileDiscovery fd : pool.fileDiscoveries()) {
            Long d = nextDue.get(fd);
            if (d == null || d <= now) {
              due |= d != null; // a new discovery was read when its pool started or reloaded
              d = now + Math.max(1000, fd.config().refreshInterval().toMillis());
            }
            seen.put(fd, d);
            earliest = Math.min(earliest, d);
          }
          if (due) {
            refresh(pool);
          }
        }
        nextDue = seen;
        updateWatchesIfStarted();
        ctx.sleeper().sleepUntil(earliest, discoveryWake);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void updateWatchesIfStarted() {
    lock.lock();
    try {
      if (!closed) {
        updateWatches(); // directories created since the last pass become watchable
      }
    } finally {
      lock.unlock();
    }
  }

  private void refresh(ScrapePool pool) {
    try {
      pool.refreshDiscovery();
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "discovery").addKeyValue("job", pool.job()).setCause(e).log("file discovery failed");
    }
  }

  /** Re-reads every file_sd source now (tests; the discovery thread does this on its own). */
  void refreshDiscoveryNow() {
    for (ScrapePool p : poolList) {
      p.refreshDiscovery();
    }
  }

  /** The scrape loops of a job, for tests. */
  List<ScrapeLoop> loops(String job) {
    for (ScrapePool p : poolList) {
      if (p.job().equals(job)) {
        return p.loops();
      }
    }
    return List.of();
  }

  // ---- views for the HTTP API ----

  /** Every target being scraped, job by job in configuration order. */
  public List<ActiveTarget> activeTargets() {
    List<ActiveTarget> out = new ArrayList<>();
    for (ScrapePool p : poolList) {
      for (ScrapeLoop l : p.loops()) {
        out.add(l.target().view(globalUrl(l.target().url())));
      }
    }
    return out;
  }

  /** Discovered targets that relabelling dropped. */
  public List<DroppedTarget> droppedTargets() {
    List<DroppedTarget> out = new ArrayList<>();
    for (ScrapePool p : poolList) {
      out.addAll(p.droppedTargets());
    }
    return out;
  }

  /** The job names (scrape pools) in configuration order. */
  public List<String> scrapePools() {
    List<String> out = new ArrayList<>();
    for (ScrapePool p : poolList) {
      out.add(p.job());
    }
    return out;
  }

  /**
   * Metadata merged over targets, as {@code /api/v1/metadata}: each metric's distinct
   * (type, help, unit) combinations.
   *
   * @param metric only this metric family, or all if empty
   * @param limit at most this many metrics, or all if {@code <= 0}
   */
  public Map<String, List<Metadata>> metadata(String metric, int limit) {
    Map<String, Set<Metadata>> merged = new TreeMap<>();
    for (ScrapePool p : poolList) {
      for (ScrapeLoop l : p.loops()) {
        for (Map.Entry<String, Metadata> e : l.appender().metadata().entrySet()) {
          if (metric.isEmpty() || metric.equals(e.getKey())) {
            merged.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue());
          }
        }
      }
    }
    Map<String, List<Metadata>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Set<Metadata>> e : merged.entrySet()) {
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return out;
  }

  /**
   * Per-target metadata, as {@code /api/v1/targets/metadata}.
   *
   * @param matchTarget matchers on the target's labels (all must match; none matches every target)
   * @param metric only this metric family, or all if empty
   * @param limit at most this many entries, or all if {@code <= 0}
   */
  public List<TargetMetadata> targetMetadata(List<Matcher> matchTarget, String metric, int limit) {
    List<TargetMetadata> out = new ArrayList<>();
    for (ScrapePool p : poolList) {
      for (ScrapeLoop l : p.loops()) {
        Labels target = l.target().publicLabels();
        if (!matchTarget.stream().allMatch(m -> m.matches(target))) {
          continue;
        }
        for (Map.Entry<String, Metadata> e : l.appender().metadata().entrySet()) {
          if (!metric.isEmpty() && !metric.equals(e.getKey())) {
            continue;
          }
          if (limit > 0 && out.size() >= limit) {
            return out;
          }
          out.add(new TargetMetadata(target, e.getKey(), e.getValue()));
        }
      }
    }
    return out;
  }

  /** Prometheus' {@code getGlobalURL}. */
  String globalUrl(String url) {
    if (options.globalUrl().isEmpty()) {
      return url;
    }
    GlobalUrlOptions g = options.globalUrl().get();
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return url;
    }
    String host = u.getHost();
    if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"))) {
      return url;
    }
    String port = u.getPort() < 0 ? "" : Integer.toString(u.getPort());
    String ownPort = afterLastColon(g.listenAddress());
    String scheme = u.getScheme();
    String authority;
    if (port.equals(ownPort)) {
      scheme = g.scheme();
      authority = g.host();
    } else {
      int colon = g.host().lastIndexOf(':');
      String externalHost = colon > 0 && !g.host().endsWith("]") ? g.host().substring(0, colon) : g.host();
      authority = externalHost + (port.isEmpty() ? "" : ":" + port);
    }
    String rest = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return scheme + "://" + authority + rest;
  }

  private static String afterLastColon(String hostPort) {
    int i = hostPort.lastIndexOf(':');
    return i < 0 ? "" : hostPort.substring(i + 1);
  }
}

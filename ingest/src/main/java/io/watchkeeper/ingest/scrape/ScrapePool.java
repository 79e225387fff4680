package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.relabel.Relabeler;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.PromDuration;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets and scrape loops of one job (Prometheus {@code scrapePool}). {@link #sync} turns the
 * job's target groups into targets: new targets get a loop, unchanged ones keep theirs, vanished
 * ones are stopped with end-of-run staleness. {@link #reload} applies a changed configuration:
 * loops are replaced, and keep their scrape cache when the series they produce cannot have
 * changed, as in Prometheus.
 *
 * <p>Thread-safe: changes happen under {@code lock}; views read immutable snapshots.
 */
final class ScrapePool {
  private static final Logger log = LoggerFactory.getLogger(ScrapePool.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  /** What Prometheus accepts as a file_sd path: a glob only in the last element, a known extension. */
  private static final Pattern FILE_SD_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

  private final ScrapeContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final String job;
  private final ScrapeMetrics.Job metrics;
  // guarded by lock
  private ScrapeConfig config;
  private Relabeler targetRelabeler;
  private TargetAppender.Options appendOptions;
  private HttpScraper scraper;
  private long jitterSeed;
  private final Map<Target.Key, ScrapeLoop> loops = new LinkedHashMap<>();
  private List<TargetGroup> staticGroups;
  private List<FileDiscovery> fileDiscoveries;
  private boolean running;
  private boolean stopped;
  // snapshots for views
  private volatile List<ScrapeLoop> loopList = List.of();
  private volatile List<DroppedTarget> dropped = List.of();

  private ScrapePool(ScrapeContext ctx, ScrapeConfig config, Relabeler relabeler, TargetAppender.Options options, HttpScraper scraper,
      long jitterSeed) {
    this.ctx = ctx;
    this.job = config.jobName();
    this.metrics = ctx.metrics().forJob(job);
    this.config = config;
    this.targetRelabeler = relabeler;
    this.appendOptions = options;
    this.scraper = scraper;
    this.jitterSeed = jitterSeed;
    this.staticGroups = staticGroups(config);
    this.fileDiscoveries = fileDiscoveries(config);
  }

  /** Everything of a configuration that can fail, prepared before anything changes. */
  record Prepared(ScrapeConfig config, Relabeler relabeler, TargetAppender.Options options, HttpScraper scraper) {}

  /**
   * Validates and compiles a job's configuration, creating its HTTP client.
   *
   * @throws IllegalArgumentException naming the job and the problem
   */
  static Prepared prepare(ScrapeConfig c, String userAgent) {
    String where = "scrape config for job \"" + c.jobName() + "\": ";
    if (c.jobName().isEmpty()) {
      throw new IllegalArgumentException("scrape config: job_name is empty");
    }
    if (c.scrapeInterval().isNegative() || c.scrapeInterval().isZero()) {
      throw new IllegalArgumentException(where + "scrape_interval must be > 0, got " + c.scrapeInterval());
    }
    if (c.scrapeTimeout().isNegative() || c.scrapeTimeout().isZero()) {
      throw new IllegalArgumentException(where + "scrape_timeout must be > 0, got " + c.scrapeTimeout());
    }
    if (c.scrapeTimeout().compareTo(c.scrapeInterval()) > 0) {
      throw new IllegalArgumentException(where + "scrape_timeout (" + PromDuration.format(c.scrapeTimeout())
          + ") cannot be greater than scrape_interval (" + PromDuration.format(c.scrapeInterval()) + ")");
    }
    if (!c.scheme().equals("http") && !c.scheme().equals("https")) {
      throw new IllegalArgumentException(where + "scheme must be http or https, got \"" + c.scheme() + "\"");
    }
    Relabeler relabeler;
    TargetAppender.Options options;
    try {
      relabeler = Relabeler.compile(c.relabelConfigs());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "relabel_configs: " + e.getMessage(), e);
    }
    try {
      options = TargetAppender.Options.of(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "metric_relabel_configs: " + e.getMessage(), e);
    }
    for (ScrapeConfig.FileSdConfig f : c.fileSdConfigs()) {
      for (String file : f.files()) {
        if (!FILE_SD_PATH.matcher(file).matches()) {
          throw new IllegalArgumentException(where + "file_sd_configs: path \"" + file + "\" is not a valid file path (want *.json, *.yml or *.yaml)");
        }
      }
    }
    HttpScraper scraper;
    try {
      scraper = new HttpScraper(c.httpClient(), userAgent);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(where + "tls_config: " + e.getMessage(), e);
    }
    return new Prepared(c, relabeler, options, scraper);
  }

  /** Whether two configurations of a job differ at most in their target sources. */
  static boolean sameExceptTargets(ScrapeConfig a, ScrapeConfig b) {
    return withoutTargets(a).equals(withoutTargets(b));
  }

  private static ScrapeConfig withoutTargets(ScrapeConfig c) {
    return new ScrapeConfig(c.jobName(), c.scrapeInterval(), c.scrapeTimeout(), c.metricsPath(), c.scheme(), c.params(), c.honorLabels(),
        c.honorTimestamps(), c.sampleLimit(), c.labelLimit(), c.labelNameLengthLimit(), c.labelValueLengthLimit(), c.targetLimit(),
        c.bodySizeLimitBytes(), List.of(), List.of(), c.relabelConfigs(), c.metricRelabelConfigs(), c.httpClient());
  }

  /**
   * Applies a configuration that differs from the current one only in its target sources: loops
   * of targets that stay are untouched, new targets get loops, vanished ones end with staleness.
   */
  void updateTargets(ScrapeConfig c) {
    lock.lock();
    try {
      if (!sameExceptTargets(config, c)) {
        throw new IllegalStateException("BUG: updateTargets with a changed scrape configuration");
      }
      config = c;
      staticGroups = staticGroups(c);
      fileDiscoveries = reuseDiscoveries(c);
      for (FileDiscovery fd : fileDiscoveries) {
        fd.refresh();
      }
      syncLocked(buildTargets(), Map.of());
    } finally {
      lock.unlock();
    }
  }

  static ScrapePool create(ScrapeContext ctx, Prepared p, long jitterSeed) {
    return new ScrapePool(ctx, p.config(), p.relabeler(), p.options(), p.scraper(), jitterSeed);
  }

  String job() {
    return job;
  }

  ScrapeConfig config() {
    lock.lock();
    try {
      return config;
    } finally {
      lock.unlock();
    }
  }

  List<FileDiscovery> fileDiscoveries() {
    lock.lock();
    try {
      return fileDiscoveries;
    } finally {
      lock.unlock();
    }
  }

  /** Reads the targets now (loops are created but only run once the pool is started). */
  void prepareTargets() {
    lock.lock();
    try {
      for (FileDiscovery fd : fileDiscoveries) {
        fd.refresh();
      }
      syncLocked(buildTargets(), Map.of());
    } finally {
      lock.unlock();
    }
  }

  /** Starts scraping the current targets. */
  void start() {
    lock.lock();
    try {
      running = true;
      for (FileDiscovery fd : fileDiscoveries) {
        fd.refresh();
      }
      syncLocked(buildTargets(), Map.of());
      for (ScrapeLoop loop : loops.values()) {
        if (!loop.isStarted()) {
          loop.start();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Re-reads file discovery; returns whether targets changed (they are then synced). */
  boolean refreshDiscovery() {
    lock.lock();
    try {
      if (stopped) {
        return false;
      }
      boolean changed = false;
      for (FileDiscovery fd : fileDiscoveries) {
        changed |= fd.refresh();
      }
      if (changed) {
        syncLocked(buildTargets(), Map.of());
      }
      return changed;
    } finally {
      lock.unlock();
    }
  }

  /** Applies a new configuration of this job (same job name). The old HTTP client is closed. */
  void reload(Prepared p, long newJitterSeed) throws InterruptedException {
    lock.lock();
    try {
      ScrapeConfig old = config;
      boolean reuseCache = old.honorLabels() == p.config().honorLabels()
          && old.honorTimestamps() == p.config().honorTimestamps()
          && old.metricRelabelConfigs().equals(p.config().metricRelabelConfigs());
      HttpScraper oldScraper = scraper;
      config = p.config();
      targetRelabeler = p.relabeler();
      appendOptions = p.options();
      scraper = p.scraper();
      jitterSeed = newJitterSeed;
      staticGroups = staticGroups(config);
      fileDiscoveries = reuseDiscoveries(config);
      if (running) {
        for (FileDiscovery fd : fileDiscoveries) {
          fd.refresh();
        }
      }
      // Every loop restarts with the new settings; unchanged targets hand over their cache, and
      // targets gone under the new settings get end-of-run staleness markers.
      Targets targets = buildTargets();
      Map<Target.Key, TargetAppender> handover = new LinkedHashMap<>();
      for (Map.Entry<Target.Key, ScrapeLoop> e : loops.entrySet()) {
        ScrapeLoop loop = e.getValue();
        boolean handOver = reuseCache && targets.active().containsKey(e.getKey());
        loop.stop(!handOver);
        if (handOver) {
          if (!loop.awaitFinished(STOP_WAIT)) {
            log.atWarn().addKeyValue("component", "scrape").addKeyValue("job", job).addKeyValue("target", loop.target().url())
                .log("scrape loop did not stop in time, its cache is not reused");
            continue;
          }
          handover.put(e.getKey(), loop.appender().withOptions(appendOptions));
        }
      }
      loops.clear();
      syncLocked(targets, handover);
      oldScraper.close();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops every loop, with end-of-run staleness if {@code staleness}, and closes the HTTP client.
   *
   * @return the loops told to stop: a scrape in flight may still be appending
   *     ({@link ScrapeLoop#awaitFinished})
   */
  List<ScrapeLoop> stop(boolean staleness) {
    lock.lock();
    try {
      stopped = true;
      running = false;
      List<ScrapeLoop> stopping = List.copyOf(loops.values());
      for (ScrapeLoop loop : stopping) {
        loop.stop(staleness);
      }
      loops.clear();
      loopList = List.of();
      dropped = List.of();
      ctx.metrics().removeJob(job);
      scraper.close();
      return stopping;
    } finally {
      lock.unlock();
    }
  }

  /** What the current groups, configuration and relabelling make of the targets. */
  private record Targets(Map<Target.Key, Target> active, List<DroppedTarget> dropped) {}

  private Targets buildTargets() {
    Map<Target.Key, Target> active = new LinkedHashMap<>();
    List<DroppedTarget> droppedNow = new ArrayList<>();
    List<TargetGroup> groups = new ArrayList<>(staticGroups);
    for (FileDiscovery fd : fileDiscoveries) {
      groups.addAll(fd.groups());
    }
    for (TargetGroup g : groups) {
      for (Labels t : g.targets()) {
        switch (TargetBuilder.populate(t, g.labels(), config, targetRelabeler)) {
          case TargetBuilder.Active a -> active.putIfAbsent(a.target().key(), a.target());
          case TargetBuilder.Dropped d -> droppedNow.add(d.dropped());
          case TargetBuilder.Invalid i -> log.atWarn().addKeyValue("component", "scrape").addKeyValue("job", job)
              .addKeyValue("source", g.source()).addKeyValue("labels", i.discoveredLabels()).addKeyValue("error", i.error())
              .log("cannot create target");
        }
      }
    }
    return new Targets(active, droppedNow);
  }

  /** Makes the loops match {@code targets}; new loops take over a handed-over appender if there is one. */
  private void syncLocked(Targets targets, Map<Target.Key, TargetAppender> handover) {
    if (stopped) {
      return;
    }
    Map<Target.Key, Target> active = targets.active();
    for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Target.Key, ScrapeLoop> e = it.next();
      if (!active.containsKey(e.getKey())) {
        e.getValue().stop(true);
        it.remove();
      }
    }
    for (Target t : active.values()) {
      if (loops.containsKey(t.key())) {
        continue;
      }
      TargetAppender appender = handover.get(t.key());
      if (appender == null) {
        appender = new TargetAppender(t.publicLabels(), appendOptions, ctx.nanoTime());
      }
      ScrapeLoop loop = new ScrapeLoop(t, ctx, metrics, scraper, appender, config.bodySizeLimitBytes(), jitterSeed);
      loops.put(t.key(), loop);
      if (running) {
        loop.start();
      }
    }
    String forced = null;
    if (config.targetLimit() > 0 && loops.size() > config.targetLimit()) {
      forced = "target_limit exceeded (number of targets: " + loops.size() + ", limit: " + config.targetLimit() + ")";
    }
    for (ScrapeLoop loop : loops.values()) {
      loop.setForcedError(forced);
    }
    loopList = List.copyOf(loops.values());
    dropped = List.copyOf(targets.dropped());
    metrics.targets(loops.size());
  }

  private static List<TargetGroup> staticGroups(ScrapeConfig c) {
    List<TargetGroup> out = new ArrayList<>();
    for (int i = 0; i < c.staticConfigs().size(); i++) {
      ScrapeConfig.StaticConfig sc = c.staticConfigs().get(i);
      List<Labels> targets = new ArrayList<>();
      for (String t : sc.targets()) {
        targets.add(Labels.of(TargetBuilder.ADDRESS, t));
      }
      out.add(new TargetGroup(targets, Labels.of(sc.labels()), "static/" + i));
    }
    return out;
  }

  /** The file discoveries of {@code c}, keeping the current ones (and what they read) where unchanged. */
  private List<FileDiscovery> reuseDiscoveries(ScrapeConfig c) {
    List<FileDiscovery> out = new ArrayList<>();
    for (FileDiscovery fd : fileDiscoveries(c)) {
      FileDiscovery same = null;
      for (FileDiscovery existing : fileDiscoveries) {
        if (existing.config().equals(fd.config())) {
          same = existing;
        }
      }
      out.add(same != null ? same : fd);
    }
    return out;
  }

  private List<FileDiscovery> fileDiscoveries(ScrapeConfig c) {
    List<FileDiscovery> out = new ArrayList<>();
    for (ScrapeConfig.FileSdConfig f : c.fileSdConfigs()) {
      out.add(new FileDiscovery(c.jobName(), f));
    }
    return out;
  }

  /** The loops, for views and tests. */
  List<ScrapeLoop> loops() {
    return loopList;
  }

  List<DroppedTarget> droppedTargets() {
    return dropped;
  }

  @Override
  public String toString() {
    return "ScrapePool{" + job + ", " + loopList.size() + " targets}";
  }
}

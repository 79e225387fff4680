package io.watchkeeper.ingest.scrape;

import static io.watchkeeper.ingest.scrape.StoredSamples.Point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.watchkeeper.ingest.relabel.RelabelAction;
import io.watchkeeper.ingest.relabel.RelabelConfig;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.model.Metadata;
import io.watchkeeper.model.MetricType;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeManagerTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(T0);
  private final InMemoryStorage db = new InMemoryStorage();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<FakeTarget> targets = new ArrayList<>();
  private long nanos;
  private ScrapeManager manager;

  private ScrapeManager manager(ScrapeManager.Options options) {
    manager = new ScrapeManager(db, registry, options);
    return manager;
  }

  private ScrapeManager manager() {
    return manager(db);
  }

  private ScrapeManager manager(Appendable storage) {
    manager = new ScrapeManager(storage, registry, new ScrapeManager.Options(clock, clock.sleeper(), () -> nanos += 1_000_000,
        "Watchkeeper/test", 0, Optional.empty(), 1 << 20));
    return manager;
  }

  private FakeTarget target(String body) throws Exception {
    FakeTarget t = FakeTarget.http();
    t.body = body;
    targets.add(t);
    return t;
  }

  @AfterEach
  void tearDown() {
    if (manager != null) {
      manager.close();
    }
    targets.forEach(FakeTarget::close);
  }

  private ScrapeLoop onlyLoop(String job) {
    List<ScrapeLoop> loops = manager.loops(job);
    assertThat(loops).hasSize(1);
    return loops.get(0);
  }

  private static Labels series(String name, String job, String instance) {
    return Labels.of("__name__", name, "job", job, "instance", instance);
  }

  @Test
  void scrapesStaticTargetsAndShowsThemAsActive() throws Exception {
    FakeTarget t = target("# HELP temp Temperature.\n# TYPE temp gauge\ntemp{room=\"a\"} 21.5\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").targetWithLabels(Map.of("env", "test"), t.address()).build()), Labels.EMPTY);
    manager.start();
    ActiveTarget before = manager.activeTargets().get(0);
    assertThat(before.health()).isEqualTo(TargetHealth.UNKNOWN);
    assertThat(before.lastScrape()).isEmpty();
    assertThat(before.scrapeUrl()).isEqualTo("http://" + t.address() + "/metrics");
    assertThat(before.globalUrl()).isEqualTo(before.scrapeUrl());
    assertThat((Object) before.labels()).isEqualTo(Labels.of("env", "test", "job", "app", "instance", t.address()));
    assertThat(before.discoveredLabels().get("__address__")).isEqualTo(t.address());
    assertThat(before.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(before.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));

    ScrapeResult r = onlyLoop("app").scrapeOnce(T0);
    assertThat(r).isNotNull();
    assertThat(r.isUp()).isTrue();
    ActiveTarget after = manager.activeTargets().get(0);
    assertThat(after.health()).isEqualTo(TargetHealth.UP);
    assertThat(after.lastError()).isEmpty();
    assertThat(after.lastScrape()).contains(clock.instant());
    assertThat(StoredSamples.series(db, Labels.of("__name__", "temp", "room", "a", "env", "test", "job", "app", "instance", t.address())))
        .containsExactly(new Point(T0, "21.5"));
    assertThat(StoredSamples.series(db, Labels.of("__name__", "up", "env", "test", "job", "app", "instance", t.address())))
        .containsExactly(new Point(T0, "1.0"));
    assertThat(manager.metadata("", 0)).containsExactly(Map.entry("temp", List.of(new Metadata(MetricType.GAUGE, "Temperature.", ""))));
    assertThat(counter("watchkeeper_scrapes")).isEqualTo(1);
  }

  @Test
  void failingTargetIsDownWithTheReason() throws Exception {
    FakeTarget t = target("a 1\n");
    t.status = 503;
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).build()), Labels.EMPTY);
    ScrapeResult r = onlyLoop("app").scrapeOnce(T0);
    assertThat(r.isUp()).isFalse();
    ActiveTarget view = manager.activeTargets().get(0);
    assertThat(view.health()).isEqualTo(TargetHealth.DOWN);
    assertThat(view.lastError()).isEqualTo("server returned HTTP status 503 Service Unavailable");
    assertThat(StoredSamples.series(db, series("up", "app", t.address()))).containsExactly(new Point(T0, "0.0"));
    assertThat(counter("watchkeeper_scrapes_failed")).isEqualTo(1);
  }

  @Test
  void malformedExpositionFailsTheScrapeWithLineAndColumnAndKeepsStoredData() throws Exception {
    FakeTarget t = target("a 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).build()), Labels.EMPTY);
    ScrapeLoop loop = onlyLoop("app");
    loop.scrapeOnce(T0);
    t.body = "a 2\nb{x=\"1\" 3\n";
    ScrapeResult r = loop.scrapeOnce(T0 + 15_000);
    assertThat(r.error()).isEqualTo("cannot parse Prometheus text exposition: line 2, column 9: expected ',' or '}' after the value of label \"x\", found '3'");
    assertThat(manager.activeTargets().get(0).lastError()).isEqualTo(r.error());
    assertThat(StoredSamples.series(db, series("a", "app", t.address())))
        .containsExactly(new Point(T0, "1.0"), new Point(T0 + 15_000, "stale"));
    t.contentType = "application/openmetrics-text; version=1.0.0";
    t.body = "a 3\n";
    assertThat(loop.scrapeOnce(T0 + 30_000).error()).contains("OpenMetrics").contains("must end with \"# EOF\"");
  }

  @Test
  void gzipAndOpenMetricsAreNegotiated() throws Exception {
    FakeTarget t = target("# TYPE c counter\nc_total 5\nc_created 1.7e9\n# EOF\n");
    t.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    t.gzip = true;
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).build()), Labels.EMPTY);
    ScrapeResult r = onlyLoop("app").scrapeOnce(T0);
    assertThat(r.isUp()).isTrue();
    assertThat(r.samplesScraped()).isEqualTo(2);
    assertThat(StoredSamples.series(db, series("c_total", "app", t.address()))).containsExactly(new Point(T0, "5.0"));
    assertThat(t.requests.get(0).getFirst("Accept")).startsWith("application/openmetrics-text");
  }

  @Test
  void loopsScrapeOnTheirOwnAtAlignedSlots() throws Exception {
    FakeTarget t = target("a 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5))
        .target(t.address()).build()), Labels.EMPTY);
    manager.start();
    long offset = onlyLoop("app").offsetMillis();
    long first = ScrapeLoop.firstSlot(T0, 10_000, offset);
    assertThat(first).isBetween(T0, T0 + 10_000);
    assertThat(Math.floorMod(first - offset, 10_000)).isZero();
    clock.set(first + 3);
    await().atMost(WAIT).until(() -> StoredSamples.series(db, series("a", "app", t.address())).size() == 1);
    clock.set(first + 10_000);
    await().atMost(WAIT).until(() -> StoredSamples.series(db, series("a", "app", t.address())).size() == 2);
    clock.set(first + 45_000); // fell behind: the loop takes the latest slot, not the missed ones
    await().atMost(WAIT).until(() -> StoredSamples.series(db, series("a", "app", t.address())).size() == 3);
    assertThat(StoredSamples.series(db, series("a", "app", t.address())))
        .extracting(Point::t).containsExactly(first, first + 10_000, first + 40_000);
  }

  @Test
  void reloadKeepsUnchangedJobsAndHandsTheCacheToRestartedLoops() throws Exception {
    FakeTarget t = target("a 1\nb 2\n");
    ScrapeConfig cfg = ScrapeConfigs.builder("app").target(t.address()).build();
    manager().applyConfig(List.of(cfg), Labels.EMPTY);
    manager.start();
    ScrapeLoop loop = onlyLoop("app");
    loop.scrapeOnce(T0);
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).build()), Labels.EMPTY);
    assertThat(onlyLoop("app")).isSameAs(loop);
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).target("other:1").build()), Labels.EMPTY);
    assertThat(manager.loops("app")).hasSize(2).contains(loop); // only the target list changed: the loop stays
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").target(t.address()).build()), Labels.EMPTY);
    assertThat(onlyLoop("app")).isSameAs(loop);
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").sampleLimit(100).target(t.address()).build()), Labels.EMPTY);
    ScrapeLoop restarted = onlyLoop("app");
    assertThat(restarted).isNotSameAs(loop);
    ScrapeResult r = restarted.scrapeOnce(T0 + 15_000);
    assertThat(r.seriesAdded()).isZero(); // the cache survived the reload
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").sampleLimit(100).target(t.address())
        .metricRelabel(RelabelConfig.builder().action(RelabelAction.DROP).sourceLabels("__name__").regex("b").build()).build()), Labels.EMPTY);
    ScrapeResult afterRelabel = onlyLoop("app").scrapeOnce(T0 + 30_000);
    assertThat(afterRelabel.seriesAdded()).isEqualTo(1); // new metric relabelling: a fresh cache
    assertThat(afterRelabel.samplesPostRelabel()).isEqualTo(1);
  }

  @Test
  void removedTargetGetsStaleMarkersAfterTheNextSlotAndAnInterval() throws Exception {
    FakeTarget keep = target("k 1\n");
    FakeTarget gone = target("g 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5))
        .target(keep.address(), gone.address()).build()), Labels.EMPTY);
    manager.start();
    ScrapeLoop goneLoop = manager.loops("app").stream().filter(l -> l.target().url().contains(gone.address())).findFirst().orElseThrow();
    long slot = ScrapeLoop.firstSlot(T0, 10_000, goneLoop.offsetMillis());
    clock.set(slot);
    Labels g = series("g", "app", gone.address());
    await().atMost(WAIT).until(() -> StoredSamples.series(db, g).size() == 1);
    manager.applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5))
        .target(keep.address()).build()), Labels.EMPTY);
    assertThat(manager.activeTargets()).hasSize(1);
    clock.set(slot + 20_000 + 1_000); // next slot + interval + 10%
    await().atMost(WAIT).until(() -> StoredSamples.series(db, g).size() == 2);
    assertThat(StoredSamples.series(db, g)).containsExactly(new Point(slot, "1.0"), new Point(slot + 10_000, "stale"));
    assertThat(StoredSamples.series(db, series("up", "app", gone.address()))).last().isEqualTo(new Point(slot + 10_000, "stale"));
  }

  @Test
  void fileSdTargetsComeAndGo() throws Exception {
    FakeTarget a = target("a 1\n");
    FakeTarget b = target("b 1\n");
    Path file = dir.resolve("targets.json");
    Files.writeString(file, "[{\"targets\": [\"" + a.address() + "\"], \"labels\": {\"team\": \"x\"}}]");
    manager().applyConfig(List.of(ScrapeConfigs.builder("files").fileSd(Duration.ofMinutes(5), dir.resolve("*.json").toString()).build()),
        Labels.EMPTY);
    manager.start();
    assertThat(manager.activeTargets()).extracting(ActiveTarget::scrapeUrl).containsExactly("http://" + a.address() + "/metrics");
    assertThat(manager.activeTargets().get(0).labels().get("team")).isEqualTo("x");
    assertThat(manager.activeTargets().get(0).discoveredLabels().get("__meta_filepath")).isEqualTo(file.toString());
    Files.writeString(file, "[{\"targets\": [\"" + a.address() + "\", \"" + b.address() + "\"]}]");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    manager.refreshDiscoveryNow();
    assertThat(manager.activeTargets()).hasSize(2);
    Files.delete(file);
    manager.refreshDiscoveryNow();
    assertThat(manager.activeTargets()).isEmpty();
  }

  @Test
  void fileChangesArePickedUpByTheWatcher() throws Exception {
    FakeTarget a = target("a 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("files").fileSd(Duration.ofMinutes(5), dir.resolve("*.yml").toString()).build()),
        Labels.EMPTY);
    manager.start();
    assertThat(manager.activeTargets()).isEmpty();
    Files.writeString(dir.resolve("new.yml"), "- targets: ['" + a.address() + "']\n");
    await().atMost(WAIT).until(() -> manager.activeTargets().size() == 1);
  }

  @Test
  void droppedTargetsAreListed() throws Exception {
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").target("keep:1", "drop:1")
        .relabel(RelabelConfig.builder().action(RelabelAction.DROP).sourceLabels("__address__").regex("drop:.*").build()).build()),
        Labels.EMPTY);
    assertThat(manager.activeTargets()).extracting(x -> x.labels().get("instance")).containsExactly("keep:1");
    assertThat(manager.droppedTargets()).hasSize(1);
    assertThat(manager.droppedTargets().get(0).discoveredLabels().get("__address__")).isEqualTo("drop:1");
    assertThat(manager.droppedTargets().get(0).scrapePool()).isEqualTo("app");
  }

  @Test
  void targetLimitFailsEveryTargetOfThePool() throws Exception {
    FakeTarget a = target("a 1\n");
    FakeTarget b = target("b 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").targetLimit(1).target(a.address(), b.address()).build()), Labels.EMPTY);
    for (ScrapeLoop l : manager.loops("app")) {
      ScrapeResult r = l.scrapeOnce(T0);
      assertThat(r.error()).isEqualTo("target_limit exceeded (number of targets: 2, limit: 1)");
    }
    assertThat(a.requests).isEmpty();
  }

  @Test
  void invalidConfigurationIsRejectedAndTheRunningOneStays() throws Exception {
    FakeTarget t = target("a 1\n");
    ScrapeConfig good = ScrapeConfigs.builder("app").target(t.address()).build();
    manager().applyConfig(List.of(good), Labels.EMPTY);
    assertThatThrownBy(() -> manager.applyConfig(List.of(good, good), Labels.EMPTY))
        .hasMessage("found multiple scrape configs with job name \"app\"");
    assertThatThrownBy(() -> manager.applyConfig(List.of(ScrapeConfigs.builder("other")
        .relabel(RelabelConfig.builder().targetLabel("x").regex("(").build()).build()), Labels.EMPTY))
        .hasMessageStartingWith("scrape config for job \"other\": relabel_configs: relabel step 0: invalid regular expression");
    assertThatThrownBy(() -> manager.applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(5)).build()), Labels.EMPTY))
        .hasMessage("scrape config for job \"app\": scrape_timeout (10s) cannot be greater than scrape_interval (5s)");
    assertThatThrownBy(() -> manager.applyConfig(List.of(ScrapeConfigs.builder("tls").http(ScrapeConfigs.http(Optional.empty(),
        Optional.empty(), new HttpClientConfig.TlsConfig("/nonexistent/ca.pem", "", "", "", false, ""))).build()), Labels.EMPTY))
        .hasMessageContaining("tls_config").hasMessageContaining("/nonexistent/ca.pem");
    assertThatThrownBy(() -> manager.applyConfig(List.of(ScrapeConfigs.builder("f").fileSd(Duration.ofMinutes(1), "/x/*.txt").build()),
        Labels.EMPTY)).hasMessageContaining("is not a valid file path");
    assertThat(manager.activeTargets()).hasSize(1);
    assertThat(manager.scrapePools()).containsExactly("app");
  }

  @Test
  void targetMetadataIsFilteredByTargetAndMetric() throws Exception {
    FakeTarget a = target("# TYPE x counter\n# HELP x Xs.\nx 1\n# TYPE y gauge\ny 1\n");
    FakeTarget b = target("# TYPE x counter\n# HELP x Other help.\nx 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("a").target(a.address()).build(), ScrapeConfigs.builder("b").target(b.address()).build()),
        Labels.EMPTY);
    onlyLoop("a").scrapeOnce(T0);
    onlyLoop("b").scrapeOnce(T0);
    assertThat(manager.metadata("x", 0).get("x")).containsExactlyInAnyOrder(
        new Metadata(MetricType.COUNTER, "Xs.", ""), new Metadata(MetricType.COUNTER, "Other help.", ""));
    assertThat(manager.metadata("", 1)).containsOnlyKeys("x");
    List<TargetMetadata> forA = manager.targetMetadata(List.of(Matcher.equal("job", "a")), "", 0);
    assertThat(forA).extracting(TargetMetadata::metric).containsExactly("x", "y");
    assertThat(forA.get(0).target().get("instance")).isEqualTo(a.address());
    assertThat(manager.targetMetadata(List.of(Matcher.of(MatchType.REGEX, "job", "a|b")), "x", 0)).hasSize(2);
    assertThat(manager.targetMetadata(List.of(), "", 1)).hasSize(1);
  }

  @Test
  void globalUrlShowsLoopbackTargetsUnderTheExternalHost() {
    ScrapeManager m = manager(new ScrapeManager.Options(clock, clock.sleeper(), () -> 0, "x", 0,
        Optional.of(new ScrapeManager.GlobalUrlOptions("0.0.0.0:9095", "https", "wk.example.com:443")), 1 << 20));
    assertThat(m.globalUrl("http://127.0.0.1:9095/metrics")).isEqualTo("https://wk.example.com:443/metrics");
    assertThat(m.globalUrl("http://localhost:9100/metrics?a=b")).isEqualTo("http://wk.example.com:9100/metrics?a=b");
    assertThat(m.globalUrl("http://10.0.0.1:9100/metrics")).isEqualTo("http://10.0.0.1:9100/metrics");
  }

  @Test
  void closeStopsLoopsWithoutStaleMarkers() throws Exception {
    FakeTarget t = target("a 1\n");
    manager().applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5))
        .target(t.address()).build()), Labels.EMPTY);
    manager.start();
    long slot = ScrapeLoop.firstSlot(T0, 10_000, onlyLoop("app").offsetMillis());
    ScrapeLoop loop = onlyLoop("app");
    clock.set(slot);
    await().atMost(WAIT).until(() -> StoredSamples.series(db, series("a", "app", t.address())).size() == 1);
    manager.close();
    assertThat(loop.awaitFinished(WAIT)).isTrue();
    clock.advance(60_000);
    assertThat(StoredSamples.series(db, series("a", "app", t.address()))).containsExactly(new Point(slot, "1.0"));
    assertThat(manager.activeTargets()).isEmpty();
    assertThatThrownBy(() -> manager.applyConfig(List.of(), Labels.EMPTY)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeWaitsForAScrapeStillAppendingSoTheStorageIsNotWrittenAfterIt() throws Exception {
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean closeReturned = new AtomicBoolean();
    AtomicBoolean committedAfterClose = new AtomicBoolean();
    CountingAppendable slow = new CountingAppendable(db);
    slow.beforeCommit = () -> {
      committing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      committedAfterClose.set(closeReturned.get());
    };
    FakeTarget t = target("a 1\n");
    manager(slow).applyConfig(List.of(ScrapeConfigs.builder("app").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(5))
        .target(t.address()).build()), Labels.EMPTY);
    manager.start();
    clock.set(ScrapeLoop.firstSlot(T0, 10_000, onlyLoop("app").offsetMillis()));
    assertThat(committing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    Thread closing = Thread.ofVirtual().start(() -> {
      manager.close();
      closeReturned.set(true);
    });
    closing.join(300);
    assertThat(closeReturned).as("close returned while a scrape was still committing").isFalse();
    release.countDown();
    closing.join(WAIT);
    assertThat(closeReturned).isTrue();
    assertThat(committedAfterClose).isFalse();
  }

  private double counter(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name) && s instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
      }
    }
    throw new AssertionError("no counter " + name);
  }
}

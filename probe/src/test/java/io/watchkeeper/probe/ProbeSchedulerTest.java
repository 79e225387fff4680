package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {
  private static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ManualProbeTimer timer = new ManualProbeTimer(T0);
  private final AtomicLong nanos = new AtomicLong();
  private final RecordingAppendable storage = new RecordingAppendable();
  private final InMemoryStatusHistory history = new InMemoryStatusHistory();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<String, Scripted> probers = new ConcurrentHashMap<>();
  private final AtomicInteger created = new AtomicInteger();
  private final ProbeScheduler scheduler = new ProbeScheduler(new ProbeSchedulerOptions(storage, history, timer, nanos::get,
      this::prober, registry, Duration.ofMillis(20), ProbeSchedulerOptions.DEFAULT_HISTORY_RETENTION));

  /** A prober that plays back scripted outcomes (then repeats the last) and takes a scripted time. */
  private final class Scripted implements Prober {
    final Deque<ProbeOutcome> outcomes = new ArrayDeque<>();
    volatile long takesNanos = 2_000_000;
    volatile boolean closed;
    final AtomicInteger runs = new AtomicInteger();
    volatile ProbeOutcome lastOutcome = ProbeOutcome.healthy("HTTP 200");

    @Override
    public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
      runs.incrementAndGet();
      nanos.addAndGet(takesNanos);
      samples.add("probe_http_status_code", 200);
      ProbeOutcome o = outcomes.poll();
      if (o != null) {
        lastOutcome = o;
      }
      return lastOutcome;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private Prober prober(MonitorConfig c, MonitorLookup lookup) {
    created.incrementAndGet();
    if (c.spec() instanceof GroupSpec g) {
      return new GroupProber(g, lookup);
    }
    Scripted s = new Scripted();
    probers.put(c.name(), s);
    return s;
  }

  private static MonitorConfig http(String name) {
    return MonitorConfig.of(name, HttpSpec.get("http://" + name + ".example.com/health")).withSchedule(INTERVAL,
        Duration.ofSeconds(5)).withLabels(Map.of("service", name, "severity", "critical"));
  }

  /** Runs every monitor's next check (one interval of time). */
  private void tick() {
    timer.advance(INTERVAL);
  }

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void firstCheckFallsOnTheMonitorsStablePhaseWithinOneInterval() {
    Instant a = MonitorLoop.firstCheck(T0.plusMillis(1234), INTERVAL, "api");
    Instant b = MonitorLoop.firstCheck(T0.plusMillis(29_000), INTERVAL, "api");

    assertThat(Duration.between(T0.plusMillis(1234), a)).isBetween(Duration.ZERO, INTERVAL);
    assertThat(Math.floorMod(a.toEpochMilli(), INTERVAL.toMillis())).isEqualTo(Math.floorMod(b.toEpochMilli(), INTERVAL.toMillis()));
    long distinctPhases = java.util.stream.IntStream.range(0, 100)
        .mapToObj(i -> MonitorLoop.firstCheck(T0, INTERVAL, "api-" + i).toEpochMilli()).distinct().count();
    assertThat(distinctPhases).isGreaterThan(95);
  }

  @Test
  void writesProbeSeriesAndTheStateSeriesWithTheMonitorsLabels() throws Exception {
    scheduler.applyConfig(List.of(http("api")));
    scheduler.start();

    tick();

    assertThat(storage.latest("probe_success", "monitor", "api", "service", "api", "severity", "critical")).contains(1.0);
    assertThat(storage.latest("probe_duration_seconds", "monitor", "api")).contains(0.002);
    assertThat(storage.latest("probe_http_status_code", "monitor", "api")).contains(200.0);
    assertThat(storage.latest("watchkeeper_monitor_status", "monitor", "api", "status", "healthy")).contains(1.0);
    assertThat(storage.latest("watchkeeper_monitor_status", "monitor", "api", "status", "unhealthy")).contains(0.0);
    assertThat(storage.latest("watchkeeper_monitor_consecutive_failures", "monitor", "api")).contains(0.0);
    MonitorState s = scheduler.state("api").orElseThrow();
    assertThat(s.status()).isEqualTo(Status.HEALTHY);
    assertThat(s.message()).isEqualTo("HTTP 200");
    assertThat(history.recent("api", 5)).singleElement().satisfies(c -> {
      assertThat(c.from()).isEqualTo(Status.UNKNOWN);
      assertThat(c.to()).isEqualTo(Status.HEALTHY);
    });
  }

  @Test
  void checksRunOnTheGridOncePerInterval() throws Exception {
    scheduler.applyConfig(List.of(http("api")));
    scheduler.start();

    timer.advance(INTERVAL.multipliedBy(4));

    List<Long> times = storage.series("probe_success", "monitor", "api").stream().map(RecordingAppendable.Written::t).toList();
    assertThat(times).hasSize(4);
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(i - 1)).isEqualTo(INTERVAL.toMillis());
    }
  }

  @Test
  void downOnlyAfterTheFailureThresholdAndUpAfterTheRecoveryThreshold() throws Exception {
    scheduler.applyConfig(List.of(http("api").withThresholds(2, 2)));
    scheduler.start();
    tick();
    Scripted p = probers.get("api");
    p.outcomes.add(ProbeOutcome.failed("connection refused by 10.0.0.5:443"));

    tick();
    MonitorState afterOne = scheduler.state("api").orElseThrow();
    p.outcomes.add(ProbeOutcome.failed("connection refused by 10.0.0.5:443"));
    tick();
    MonitorState afterTwo = scheduler.state("api").orElseThrow();
    p.outcomes.add(ProbeOutcome.healthy("HTTP 200"));
    tick();
    MonitorState recovering = scheduler.state("api").orElseThrow();
    tick();
    MonitorState recovered = scheduler.state("api").orElseThrow();

    assertThat(afterOne.status()).isEqualTo(Status.HEALTHY);
    assertThat(afterOne.message()).isEqualTo("check failed (1 of 2 before down): connection refused by 10.0.0.5:443");
    assertThat(afterTwo.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(afterTwo.reason()).isEqualTo("connection refused by 10.0.0.5:443");
    assertThat(recovering.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(recovering.message()).startsWith("recovering (1 of 2 passing checks before up)");
    assertThat(recovered.status()).isEqualTo(Status.HEALTHY);
    assertThat(history.changes("api", T0, timer.now())).extracting(StatusChange::to)
        .containsExactly(Status.HEALTHY, Status.UNHEALTHY, Status.HEALTHY);
    assertThat(storage.latest("watchkeeper_monitor_status", "monitor", "api", "status", "unhealthy")).contains(0.0);
    assertThat(storage.series("probe_success", "monitor", "api")).extracting(RecordingAppendable.Written::v)
        .containsExactly(1.0, 0.0, 0.0, 1.0, 1.0);
  }

  @Test
  void latencyThresholdsDegradeAndFailSlowChecks() throws Exception {
    MonitorConfig db = MonitorConfig.of("db", HttpSpec.get("http://db.example.com/")).withSchedule(INTERVAL, Duration.ofSeconds(5))
        .withLatency(LatencyThresholds.of(Duration.ofMillis(200), Duration.ofMillis(1000))).withThresholds(1, 1);
    scheduler.applyConfig(List.of(db));
    scheduler.start();
    Scripted p;

    timer.advance(INTERVAL);
    p = probers.get("db");
    p.takesNanos = 300_000_000;
    tick();
    MonitorState slow = scheduler.state("db").orElseThrow();
    p.takesNanos = 1_500_000_000L;
    tick();
    MonitorState tooSlow = scheduler.state("db").orElseThrow();

    assertThat(slow.status()).isEqualTo(Status.DEGRADED);
    assertThat(slow.message()).isEqualTo("HTTP 200; slow: above the degraded threshold of 200ms");
    assertThat(tooSlow.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(tooSlow.message()).isEqualTo("too slow: took 1.5s, above the unhealthy threshold of 1s (HTTP 200)");
    assertThat(storage.latest("probe_success", "monitor", "db")).contains(0.0);
  }

  @Test
  void retriesWithinOneCheckBeforeCountingAFailure() throws Exception {
    MonitorConfig c = http("api");
    c = new MonitorConfig(c.name(), c.interval(), c.timeout(), 1, 1, 1, c.thresholds(), c.labels(), c.spec());
    scheduler.applyConfig(List.of(c));
    scheduler.start();
    tick();
    Scripted p = probers.get("api");
    p.outcomes.add(ProbeOutcome.failed("connection reset by the server while waiting for the response"));
    p.outcomes.add(ProbeOutcome.healthy("HTTP 200"));

    tick();

    MonitorState s = scheduler.state("api").orElseThrow();
    assertThat(s.status()).isEqualTo(Status.HEALTHY);
    assertThat(s.lastCheck().orElseThrow().attempts()).isEqualTo(2);
    assertThat(p.runs.get()).isEqualTo(3);
  }

  @Test
  void aCheckThatIgnoresItsDeadlineIsAbandonedWithoutHoldingUpOthers() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    MonitorConfig stuck = MonitorConfig.of("stuck", HttpSpec.get("http://stuck.example.com/"))
        .withSchedule(INTERVAL, Duration.ofMillis(30)).withThresholds(1, 1);
    ProbeScheduler s = new ProbeScheduler(new ProbeSchedulerOptions(storage, history, timer, nanos::get, (c, l) -> c.name().equals("stuck")
        ? (ctx, samples) -> {
          never.await(); // a prober that does not honour its deadline
          return ProbeOutcome.healthy("never");
        } : prober(c, l), new PrometheusRegistry(), Duration.ofMillis(20), ProbeSchedulerOptions.DEFAULT_HISTORY_RETENTION));
    try {
      s.applyConfig(List.of(stuck, http("api")));
      s.start();

      tick();

      assertThat(s.state("stuck").orElseThrow().status()).isEqualTo(Status.UNHEALTHY);
      assertThat(s.state("stuck").orElseThrow().message())
          .isEqualTo("timed out after 30ms (the check did not stop by its deadline and was abandoned)");
      assertThat(s.state("api").orElseThrow().status()).isEqualTo(Status.HEALTHY);
    } finally {
      s.close();
    }
  }

  @Test
  void proberExceptionsAreFailedChecksNotCrashes() throws Exception {
    ProbeScheduler s = new ProbeScheduler(new ProbeSchedulerOptions(storage, history, timer, nanos::get,
        (c, l) -> (ctx, samples) -> {
          throw new IllegalStateException("boom");
        }, new PrometheusRegistry(), Duration.ofMillis(20), ProbeSchedulerOptions.DEFAULT_HISTORY_RETENTION));
    try {
      s.applyConfig(List.of(http("api").withThresholds(1, 1)));
      s.start();
      tick();
      tick();

      assertThat(s.state("api").orElseThrow().status()).isEqualTo(Status.UNHEALTHY);
      assertThat(s.state("api").orElseThrow().message()).contains("failed unexpectedly").contains("boom");
      assertThat(timer.pending()).isPositive();
    } finally {
      s.close();
    }
  }

  @Test
  void groupIsDegradedWithSomeMembersDownAndUnhealthyPastItsCount() throws Exception {
    List<MonitorConfig> apis = List.of(http("telnyx").withThresholds(1, 1), http("retell").withThresholds(1, 1),
        http("calendar").withThresholds(1, 1), http("supabase").withThresholds(1, 1));
    MonitorConfig group = MonitorConfig.of("external_apis", new GroupSpec(List.of("telnyx", "retell", "calendar", "supabase"), 1, 3))
        .withSchedule(INTERVAL, Duration.ofSeconds(5)).withThresholds(1, 1);
    scheduler.applyConfig(List.of(apis.get(0), apis.get(1), apis.get(2), apis.get(3), group));
    scheduler.start();

    tick();
    tick();
    Status allUp = scheduler.state("external_apis").orElseThrow().status();
    probers.get("telnyx").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    probers.get("retell").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    tick();
    tick();
    MonitorState twoDown = scheduler.state("external_apis").orElseThrow();
    probers.get("calendar").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    tick();
    tick();
    MonitorState threeDown = scheduler.state("external_apis").orElseThrow();

    assertThat(allUp).isEqualTo(Status.HEALTHY);
    assertThat(twoDown.status()).isEqualTo(Status.DEGRADED);
    assertThat(twoDown.message()).isEqualTo("2/4 members healthy; failing: telnyx, retell");
    assertThat(threeDown.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(storage.latest("probe_group_members_failing", "monitor", "external_apis")).contains(3.0);
  }

  @Test
  void groupWithOneOfThreeMembersDownIsDegradedAndHealthyAgainWhenItRecovers() throws Exception {
    MonitorConfig group = MonitorConfig.of("apis", GroupSpec.of(List.of("a", "b", "c"))).withSchedule(INTERVAL,
        Duration.ofSeconds(5)).withThresholds(1, 1);
    scheduler.applyConfig(List.of(http("a").withThresholds(1, 1), http("b").withThresholds(1, 1), http("c").withThresholds(1, 1),
        group));
    scheduler.start();
    tick();
    tick();
    Status allUp = scheduler.state("apis").orElseThrow().status();

    probers.get("b").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    tick();
    tick(); // the group's check may fall before b's in the interval: it sees b down by the second
    MonitorState oneDown = scheduler.state("apis").orElseThrow();
    double failingWhileDown = storage.latest("probe_group_members_failing", "monitor", "apis").orElseThrow();
    probers.get("b").outcomes.add(ProbeOutcome.healthy("HTTP 200"));
    tick();
    tick();

    assertThat(allUp).isEqualTo(Status.HEALTHY);
    assertThat(oneDown.status()).isEqualTo(Status.DEGRADED);
    assertThat(oneDown.message()).isEqualTo("2/3 members healthy; failing: b");
    assertThat(failingWhileDown).isEqualTo(1.0);
    assertThat(scheduler.state("apis").orElseThrow().status()).isEqualTo(Status.HEALTHY);
    assertThat(history.recent("apis", 5)).extracting(StatusChange::to).containsExactly(Status.HEALTHY, Status.DEGRADED,
        Status.HEALTHY);
  }

  @Test
  void reloadKeepsUnchangedMonitorsAndTheStateOfChangedOnes() throws Exception {
    scheduler.applyConfig(List.of(http("api").withThresholds(1, 1), http("web")));
    scheduler.start();
    probers.get("api").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    tick();
    Scripted webBefore = probers.get("web");
    int createdBefore = created.get();

    MonitorConfig changed = http("api").withThresholds(1, 1).withLabels(Map.of("service", "api", "severity", "warning"));
    scheduler.applyConfig(List.of(changed, http("web")));

    assertThat(created.get()).isEqualTo(createdBefore + 1);
    assertThat(probers.get("web")).isSameAs(webBefore);
    assertThat(scheduler.state("api").orElseThrow().status()).isEqualTo(Status.UNHEALTHY);
    tick();
    assertThat(storage.latest("probe_success", "monitor", "api", "severity", "critical")).hasValueSatisfying(v ->
        assertThat(Double.isNaN(v)).isTrue());
    assertThat(storage.latest("probe_success", "monitor", "api", "severity", "warning")).isPresent();
  }

  @Test
  void removedMonitorsGoStaleAndUnknown() throws Exception {
    scheduler.applyConfig(List.of(http("api"), http("web")));
    scheduler.start();
    tick();
    Scripted web = probers.get("web");

    scheduler.applyConfig(List.of(http("api")));

    assertThat(web.closed).isTrue();
    assertThat(scheduler.state("web")).isEmpty();
    assertThat(storage.series("probe_success", "monitor", "web")).last().satisfies(w -> assertThat(w.isStale()).isTrue());
    assertThat(history.recent("web", 1)).singleElement().satisfies(c -> {
      assertThat(c.to()).isEqualTo(Status.UNKNOWN);
      assertThat(c.reason()).isEqualTo("monitor removed from the configuration");
    });
    int before = web.runs.get();
    timer.advance(INTERVAL.multipliedBy(3));
    assertThat(web.runs.get()).isEqualTo(before);
  }

  @Test
  void badConfigurationChangesNothing() throws Exception {
    scheduler.applyConfig(List.of(http("api")));
    MonitorConfig group = MonitorConfig.of("g", GroupSpec.of(List.of("api", "nope")));

    assertThatThrownBy(() -> scheduler.applyConfig(List.of(http("api"), http("x"), http("x"), group)))
        .isInstanceOf(MonitorConfigException.class)
        .satisfies(e -> assertThat(((MonitorConfigException) e).problems()).containsExactly(
            "monitor \"x\": the name is used twice", "monitor \"g\": member \"nope\" is not a configured monitor"));
    assertThat(scheduler.names()).containsExactly("api");
  }

  @Test
  void seriesAChecksNoLongerWritesGoStale() throws Exception {
    ProbeScheduler s = new ProbeScheduler(new ProbeSchedulerOptions(storage, history, timer, nanos::get, (c, l) -> {
      AtomicInteger n = new AtomicInteger();
      return (ctx, samples) -> {
        if (n.incrementAndGet() == 1) {
          samples.add("probe_http_status_code", 200);
          return ProbeOutcome.healthy("HTTP 200");
        }
        return ProbeOutcome.failed("connection refused by 10.0.0.5:443");
      };
    }, new PrometheusRegistry(), Duration.ofMillis(20), ProbeSchedulerOptions.DEFAULT_HISTORY_RETENTION));
    try {
      s.applyConfig(List.of(http("api")));
      s.start();
      tick();
      tick();

      assertThat(storage.series("probe_http_status_code", "monitor", "api")).extracting(RecordingAppendable.Written::isStale)
          .containsExactly(false, true);
    } finally {
      s.close();
    }
  }

  @Test
  void closeRecordsKnownMonitorsAsUnknownAndStops() throws Exception {
    scheduler.applyConfig(List.of(http("api")));
    scheduler.start();
    tick();

    scheduler.close();

    assertThat(history.recent("api", 1)).singleElement().satisfies(c -> {
      assertThat(c.to()).isEqualTo(Status.UNKNOWN);
      assertThat(c.reason()).isEqualTo("Watchkeeper stopped watching");
    });
    assertThat(probers.get("api").closed).isTrue();
  }

  @Test
  void aNewMonitorTakesTheStatusAPreviousRunLeft() throws Exception {
    history.record(new StatusChange("api", Status.HEALTHY, Status.UNHEALTHY, T0.minusSeconds(60), "HTTP 503"));

    scheduler.applyConfig(List.of(http("api")));

    MonitorState s = scheduler.state("api").orElseThrow();
    assertThat(s.status()).isEqualTo(Status.UNHEALTHY);
    assertThat(s.since()).isEqualTo(T0.minusSeconds(60));
    assertThat(s.message()).isEqualTo("HTTP 503");
  }

  @Test
  void selfMetricsCountChecksByTypeAndResult() throws Exception {
    scheduler.applyConfig(List.of(http("api")));
    scheduler.start();
    tick();
    probers.get("api").outcomes.add(ProbeOutcome.failed("HTTP 503"));
    tick();

    assertThat(counter("watchkeeper_probe_checks", "http", "success")).isEqualTo(1.0);
    assertThat(counter("watchkeeper_probe_checks", "http", "failure")).isEqualTo(1.0);
  }

  private double counter(String name, String type, String result) {
    for (MetricSnapshot m : registry.scrape()) {
      if (m.getMetadata().getName().equals(name) && m instanceof CounterSnapshot c) {
        for (CounterSnapshot.CounterDataPointSnapshot d : c.getDataPoints()) {
          if (d.getLabels().get("type").equals(type) && d.getLabels().get("result").equals(result)) {
            return d.getValue();
          }
        }
      }
    }
    return 0;
  }
}

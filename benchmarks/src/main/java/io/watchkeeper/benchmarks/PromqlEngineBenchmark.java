package io.watchkeeper.benchmarks;

import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The side-by-side benchmark's standard queries (shared/bench/README.md) over 100 targets x 1000
 * series scraped every second ({@link ScrapeWorkload}), in an {@link InMemoryStorage}: instant
 * at the last scrape, and range over all {@code minutes} of data at a 15 s step.
 *
 * <p>Run: {@code ./mvnw -o -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar PromqlEngineBenchmark -wi 2 -i 5 -w 3s -r 3s}. JDK 25, one fork,
 * 10 GB heap, parallelism 2, on the shared 2-core machine with a load average of 7 to 12 from other
 * builds: errors were +-50% or worse, so these are indicative. Mean ms per query (10 minutes of
 * data, range = those 10 minutes at 15 s = 40 steps); Prometheus 2.42's p50 over HTTP from
 * shared/bench/results for comparison:
 *
 * <pre>
 * query              instant: memory indexed  Prom  | range: memory indexed  Prom
 * req_rate_by_route           187      81     478   |        338     142     550
 * p95_by_route                672     505    2104   |       1247     442    2539
 * topk_instances              335     140     488   |        523     260     685
 * up_by_job                    30       0.05    3   |         72       0.4     4
 * error_ratio                 406     127     629   |       1078     250     996
 * heap_by_instance             49       0.8     9   |        102       0.6    19
 * </pre>
 *
 * <p>{@code memory} is dominated by the test storage for the small queries ({@code up}, {@code
 * heap}): it scans all 100k series per selector and copies every returned sample; {@code indexed}
 * shows the engine's own cost.
 *
 * <p>Because wall time on that machine mostly measured the other builds, the same queries were
 * also timed by thread CPU time (parallelism 1, median of 15 after 5 warm-ups; ThreadMXBean),
 * against Prometheus 2.42's server CPU per query from shared/bench/results (p50, ms):
 *
 * <pre>
 * query              instant: memory indexed  Prom  | range: memory indexed  Prom
 * req_rate_by_route           161      51     530   |        216     107     555
 * p95_by_route                611     252    2760   |        841     514    3160
 * topk_instances              145      68     525   |        200     129     810
 * up_by_job                    26       0.5     0   |         26       0.7     0
 * error_ratio                 219      95     795   |        298     176    1195
 * heap_by_instance             27       1.5    10   |         27       2.3    10
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms10g", "-Xmx10g", "-XX:+UseParallelGC"})
public class PromqlEngineBenchmark {
  private static final long INTERVAL = 1_000;
  private static final long END = 1_800_000_000_000L;
  private static final long STEP = 15_000;

  private static final Map<String, String> QUERIES = Map.of(
      "req_rate_by_route", "sum by (route) (rate(http_requests_total[5m]))",
      "p95_by_route", "histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))",
      "topk_instances", "topk(10, sum by (instance) (rate(http_requests_total[5m])))",
      "up_by_job", "count by (job) (up)",
      "error_ratio", "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))",
      "heap_by_instance", "sum by (instance) (jvm_memory_used_bytes{area=\"heap\"})");

  @Param({"req_rate_by_route", "p95_by_route", "topk_instances", "up_by_job", "error_ratio", "heap_by_instance"})
  public String query;

  /** Targets of 1000 series each. */
  @Param({"100"})
  public int targets;

  /** Minutes of 1 s scrapes in storage; the range query covers them all. */
  @Param({"10"})
  public int minutes;

  /**
   * {@code memory}: the test {@link InMemoryStorage} (scans all series per selector and copies the
   * samples it returns); {@code indexed}: {@link IndexedMemoryStorage}, as a TSDB head reads.
   */
  @Param({"memory", "indexed"})
  public String storageKind;

  private Queryable storage;
  private PromqlEngine engine;
  private String expr;

  @Setup(Level.Trial)
  public void setUp() throws AppendException {
    InMemoryStorage memory = ScrapeWorkload.generate(targets, minutes * 60, INTERVAL, END);
    storage = storageKind.equals("indexed") ? new IndexedMemoryStorage(memory) : memory;
    engine = new PromqlEngine(QueryEngineOptions.defaults());
    expr = QUERIES.get(query);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  @Benchmark
  public QueryResult instant() throws QueryException {
    return engine.instantQuery(storage, expr, END);
  }

  @Benchmark
  public QueryResult range() throws QueryException {
    return engine.rangeQuery(storage, expr, END - (minutes * 60 - 1) * INTERVAL, END, STEP);
  }
}

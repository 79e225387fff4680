package io.watchkeeper.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.QueryException;
import io.watchkeeper.query.QueryResult;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.Series;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.tsdb.Tsdb;
import io.watchkeeper.storage.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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
 * Memory per PromQL query over the real TSDB, against how much history the series hold: 1,000
 * series ({@code m{job, instance}}, 10 jobs) scraped every 15 s for {@code historyHours}, queried
 * at the end of that history. Meant to be run with {@code -prof gc}: {@code gc.alloc.rate.norm} is
 * the bytes one query allocates (the engine runs in the calling thread, parallelism 1). Timings
 * are a by-product, not the point.
 *
 * <p>{@code layout}: {@code head} is what a running server has: the background maintenance
 * persisted all but the last two hours into 2 h blocks and merged the sealed ones into 6 h blocks,
 * and the windows at the end are read from the head. {@code blocks} is the whole history in one
 * block (flushed with a block range of the history's length, at least 2 h): the windows are read
 * from a block whose series hold 1 or 24 chunks, as older data is read from the blocks compaction
 * makes (up to a tenth of the retention long). Either way the database is closed and opened again
 * before measuring, with no background work left.
 *
 * <p>At setup each query is run once through a counting wrapper of the storage, and the samples
 * the storage handed to the engine are printed ({@code samples read}), to divide bytes by.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryMemoryBenchmark -prof gc}; the
 * full table is in the README ("Memory per query"). Results (2026-11-22, JDK 25): 1 h and 24 h of
 * history allocate the same within 0.4% in both layouts; instant {@code rate(m[5m])} 411 KB from
 * the head, 568 KB from a block (19,000 samples read); {@code rate(m[1h])} 12.6 times the samples
 * for 1-6% more bytes; the 1 h range query about 10.1 MB (42 B per output point). Before block
 * series kept only the chunk headers in range, the 24 h block cost 952 KB for {@code
 * rate(m[5m])}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class QueryMemoryBenchmark {
  static final int SERIES = 1000;
  static final int JOBS = 10;
  static final long SCRAPE = 15_000;
  /** End of the history: midnight UTC, a multiple of 18 and 24 h, so blocks line up the same way in each run. */
  static final long END = 20_835L * 24 * 3_600_000;
  private static final long HOUR = 3_600_000;

  /** Hours of samples each series holds, ending at {@link #END}. */
  @Param({"1", "24"})
  public int historyHours;

  @Param({"head", "blocks"})
  public String layout;

  /**
   * {@code rate_5m}: instant {@code rate(m[5m])}; {@code rate_1h}: instant {@code rate(m[1h])};
   * {@code selector}: instant {@code m}; {@code sum_rate_5m}: instant {@code sum by (job)
   * (rate(m[5m]))}; {@code range_rate_5m}: {@code rate(m[5m])} over the last hour at a 15 s step.
   */
  @Param({"rate_5m", "rate_1h", "selector", "sum_rate_5m", "range_rate_5m"})
  public String query;

  private Path dir;
  private Tsdb db;
  private PromqlEngine engine;
  private String expr;
  private boolean range;

  @Setup(Level.Trial)
  public void setUp() throws IOException, AppendException, InterruptedException, QueryException {
    dir = Files.createTempDirectory("wk-query-mem");
    db = build(dir, historyHours, layout);
    engine = new PromqlEngine(QueryEngineOptions.defaults().withParallelism(1));
    switch (query) {
      case "rate_5m" -> expr = "rate(m[5m])";
      case "rate_1h" -> expr = "rate(m[1h])";
      case "selector" -> expr = "m";
      case "sum_rate_5m" -> expr = "sum by (job) (rate(m[5m]))";
      case "range_rate_5m" -> {
        expr = "rate(m[5m])";
        range = true;
      }
      default -> throw new IllegalArgumentException("unknown query " + query);
    }
    Counting counting = new Counting(db);
    QueryResult r = run(counting);
    System.out.printf("%n%s (%dh, %s): samples read %d from %d series, result %s%n", query, historyHours, layout,
        counting.samples, counting.series, r.getClass().getSimpleName());
    System.out.println("blocks (hours before the end): " + blocks(dir));
  }

  /** The blocks in {@code dir} as {@code [from h, to h)} relative to {@link #END}, oldest first. */
  static List<String> blocks(Path dir) throws IOException {
    Pattern min = Pattern.compile("\"minTime\": (-?\\d+)");
    Pattern max = Pattern.compile("\"maxTime\": (-?\\d+)");
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.resolve("meta.json")).filter(Files::exists).map(p -> {
        try {
          String json = Files.readString(p);
          java.util.regex.Matcher a = min.matcher(json);
          java.util.regex.Matcher b = max.matcher(json);
          if (!a.find() || !b.find()) {
            throw new IllegalStateException("no time range in " + p);
          }
          return new long[] {Long.parseLong(a.group(1)), Long.parseLong(b.group(1))};
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sorted(Comparator.comparingLong(r -> r[0]))
          .map(r -> "[" + (r[0] - END) / (double) HOUR + ", " + (r[1] - END) / (double) HOUR + ")").toList();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    engine.close();
    db.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public QueryResult query() throws QueryException {
    return run(db);
  }

  private QueryResult run(Queryable storage) throws QueryException {
    return range ? engine.rangeQuery(storage, expr, END - HOUR, END, SCRAPE) : engine.instantQuery(storage, expr, END);
  }

  /**
   * A TSDB in {@code dir} holding {@code hours} of {@link #SERIES} series at {@link #SCRAPE}
   * intervals before {@link #END}, laid out as {@code layout} says, closed and opened again.
   */
  static Tsdb build(Path dir, int hours, String layout) throws AppendException, InterruptedException {
    TsdbOptions opts = TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(() -> Instant.ofEpochMilli(END));
    if (layout.equals("blocks")) {
      opts = opts.withBlockRange(Duration.ofHours(Math.max(2, hours)));
    } else if (!layout.equals("head")) {
      throw new IllegalArgumentException("unknown layout " + layout);
    }
    Tsdb db = Tsdb.open(opts);
    Labels[] labels = new Labels[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] = Labels.of("__name__", "m", "instance", "host-" + i + ":9100", "job", "job-" + (i % JOBS));
    }
    long[] refs = new long[SERIES];
    double[] values = new double[SERIES];
    long seed = 42;
    for (long t = END - hours * HOUR; t < END; t += SCRAPE) {
      Appender app = db.appender();
      for (int i = 0; i < SERIES; i++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        values[i] += (seed >>> 60) + 1; // a counter growing by 1..16 per scrape
        refs[i] = app.append(refs[i], refs[i] == 0 ? labels[i] : null, t, values[i]);
      }
      app.commit();
    }
    if (layout.equals("blocks")) {
      db.flush();
    } else if (hours >= 3) {
      // The server's own maintenance: it persists head data older than 1.5 block ranges and
      // merges blocks.
      db.start();
      awaitQuietCompaction(opts.registry());
    }
    db.close();
    return Tsdb.open(opts);
  }

  /**
   * Waits until the background maintenance has written a block and then nothing for five seconds
   * (a merge of blocks here takes well under one; closing the TSDB would stop merging midway).
   */
  private static void awaitQuietCompaction(PrometheusRegistry registry) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    double seen = 0;
    long quietSince = System.nanoTime();
    while (seen == 0 || System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("TSDB maintenance did not settle within 5 minutes");
      }
      Thread.sleep(200);
      double now = compactions(registry);
      if (now != seen) {
        seen = now;
        quietSince = System.nanoTime();
      }
    }
  }

  private static double compactions(PrometheusRegistry registry) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s instanceof CounterSnapshot c && c.getMetadata().getName().equals("watchkeeper_tsdb_compactions")) {
        return c.getDataPoints().get(0).getValue();
      }
    }
    throw new IllegalStateException("no watchkeeper_tsdb_compactions_total");
  }

  /** Counts the series and samples (distinct timestamps per series) the storage hands out. */
  private static final class Counting implements Queryable {
    private final Queryable inner;
    long series;
    long samples;

    Counting(Queryable inner) {
      this.inner = inner;
    }

    @Override
    public Querier querier(long minT, long maxT) {
      Querier q = inner.querier(minT, maxT);
      return new Querier() {
        @Override
        public SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers) {
          SeriesSet set = q.select(sorted, hints, matchers);
          return new SeriesSet() {
            @Override
            public boolean next() {
              boolean n = set.next();
              if (n) {
                series++;
              }
              return n;
            }

            @Override
            public Series at() {
              Series s = set.at();
              return new Series() {
                @Override
                public Labels labels() {
                  return s.labels();
                }

                @Override
                public SampleIterator iterator(@Nullable SampleIterator reuse) {
                  return new CountingIterator(s.iterator(null));
                }
              };
            }
          };
        }

        @Override
        public List<String> labelValues(String name, List<Matcher> matchers) {
          return q.labelValues(name, matchers);
        }

        @Override
        public List<String> labelNames(List<Matcher> matchers) {
          return q.labelNames(matchers);
        }

        @Override
        public void close() {
          q.close();
        }
      };
    }

    private final class CountingIterator implements SampleIterator {
      private final SampleIterator it;
      private long last = Long.MIN_VALUE;

      CountingIterator(SampleIterator it) {
        this.it = it;
      }

      private boolean count(boolean has) {
        if (has && it.timestamp() != last) {
          last = it.timestamp();
          samples++;
        }
        return has;
      }

      @Override
      public boolean next() {
        return count(it.next());
      }

      @Override
      public boolean seek(long t) {
        return count(it.seek(t));
      }

      @Override
      public long timestamp() {
        return it.timestamp();
      }

      @Override
      public double value() {
        return it.value();
      }
    }
  }
}

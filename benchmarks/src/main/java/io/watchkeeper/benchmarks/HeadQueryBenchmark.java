package io.watchkeeper.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.SampleIterator;
import io.watchkeeper.storage.SelectHints;
import io.watchkeeper.storage.SeriesSet;
import io.watchkeeper.storage.tsdb.Tsdb;
import io.watchkeeper.storage.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What the PromQL engine does for {@code rate(http_requests_total[5m])} and friends: select the
 * matching series of 20 targets of the scrape workload (20k series, one hour at 15 s in the head,
 * full chunks memory-mapped), then iterate a window of each. Time is per query.
 *
 * <p>Indicative results (2026-11-22, 2-core VM shared with other builds, JDK 25): buckets (13k
 * series) over 5 minutes 20-40 ms, over 60 minutes 60-90 ms; request counters (6.7k series) 10 ms
 * and 30 ms. Decoding the open chunk up to the window dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class HeadQueryBenchmark {
  private static final long STEP = 15_000;
  private static final long END = 3_600_000;

  /** Minutes of data each series is read over. */
  @Param({"5", "60"})
  public int windowMinutes;

  private Path dir;
  private Tsdb db;

  @Setup(Level.Trial)
  public void open() throws IOException, AppendException {
    dir = Files.createTempDirectory("wk-query-bench");
    db = Tsdb.open(TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(() -> Instant.ofEpochMilli(END)));
    SyntheticTargets w = new SyntheticTargets(20, 1000, 3);
    long[] refs = new long[w.size()];
    for (long t = 0; t < END; t += STEP) {
      for (int tg = 0; tg < 20; tg++) {
        Appender app = db.appender();
        for (int i = tg * 1000; i < (tg + 1) * 1000; i++) {
          refs[i] = app.append(refs[i], refs[i] == 0 ? w.labels(i) : null, t, w.next(i));
        }
        app.commit();
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    db.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public double bucketsOverWindow() {
    return sum(List.of(Matcher.metricName("http_request_duration_seconds_bucket")));
  }

  @Benchmark
  public double requestCountersOverWindow() {
    return sum(List.of(Matcher.metricName("http_requests_total")));
  }

  private double sum(List<Matcher> matchers) {
    long mint = END - windowMinutes * 60_000L;
    double acc = 0;
    try (Querier q = db.querier(mint, END)) {
      SeriesSet set = q.select(false, SelectHints.range(mint, END), matchers);
      SampleIterator reuse = null;
      while (set.next()) {
        SampleIterator it = set.at().iterator(reuse);
        while (it.next()) {
          acc += it.value();
        }
        reuse = it;
      }
    }
    return acc;
  }
}

package io.watchkeeper.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.tsdb.Tsdb;
import io.watchkeeper.storage.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending a scrape: one appender, {@value #PER_TARGET} samples with cached references, commit
 * (which writes the WAL record). Each benchmark thread scrapes its own targets, as scrape loops do,
 * over {@code targets} targets per thread (100 targets make a working set that no longer fits the
 * CPU caches, as in production). Time is per sample.
 *
 * <p>Indicative results (2026-11-22, 2-core VM shared with other builds, JDK 25): 160-200 ns per
 * sample on one thread with 1 or 100 targets; two threads could not be measured reliably on that
 * machine (200-1000 ns per sample per thread). See {@code storage/docs/tsdb.md}, Performance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
public class HeadAppendBenchmark {
  static final int PER_TARGET = 1000;

  @Param({"1", "100"})
  public int targets;

  private Path dir;
  private Tsdb db;
  private final AtomicInteger threadIds = new AtomicInteger();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("wk-append-bench");
    // Blocks far apart in time so no compaction runs during the measurement.
    db = Tsdb.open(TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(() -> Instant.ofEpochMilli(0)));
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

  /** One scrape loop's targets, series references and clock. */
  @State(Scope.Thread)
  public static class Scraper {
    SyntheticTargets workload;
    long[] refs;
    long t = 1_000_000L;
    int next;

    @Setup(Level.Trial)
    public void setUp(HeadAppendBenchmark b) {
      int id = b.threadIds.incrementAndGet();
      workload = new SyntheticTargets(id * b.targets, b.targets, PER_TARGET, id);
      refs = new long[workload.size()];
    }
  }

  @Benchmark
  @OperationsPerInvocation(PER_TARGET)
  public void scrape(Scraper s) throws AppendException {
    appendOneTarget(s);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(PER_TARGET)
  public void scrapeTwoThreads(Scraper s) throws AppendException {
    appendOneTarget(s);
  }

  private void appendOneTarget(Scraper s) throws AppendException {
    int target = s.next;
    if (target == 0) {
      s.t += 1000;
    }
    s.next = (target + 1) % targets;
    Appender app = db.appender();
    int from = target * PER_TARGET;
    long[] refs = s.refs;
    SyntheticTargets w = s.workload;
    for (int i = from; i < from + PER_TARGET; i++) {
      long ref = refs[i];
      refs[i] = app.append(ref, ref == 0 ? w.labels(i) : null, s.t, i);
    }
    app.commit();
  }
}

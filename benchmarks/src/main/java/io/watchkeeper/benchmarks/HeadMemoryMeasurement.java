package io.watchkeeper.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.tsdb.Tsdb;
import io.watchkeeper.storage.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Heap bytes per head series, ingest cost per sample and bytes per sample on disk, for the scrape
 * workload of the side-by-side benchmark ({@link SyntheticTargets}): {@code series} series in
 * targets of 1000, {@code samples} scrapes at {@code intervalMillis}, appended as scrapes append
 * (one batch per target, cached references), single-threaded.
 *
 * <p>Heap per series is the live heap (after full GCs) with the TSDB open minus the live heap once
 * it is closed and dropped, divided by the series: everything the TSDB holds, labels included.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * io.watchkeeper.benchmarks.HeadMemoryMeasurement [series] [samples] [intervalMillis]}.
 *
 * <p>Measured 2026-11-22 on the 2-core development VM (JDK 25, default G1), 100000 series, 300
 * samples each at 1 s: see the {@code storage/docs/tsdb.md} performance section.
 */
public final class HeadMemoryMeasurement {
  private HeadMemoryMeasurement() {}

  public static void main(String[] args) throws IOException, AppendException, InterruptedException {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    long interval = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    PrintStream out = System.out;
    int perTarget = 1000;
    int targets = Math.max(1, series / perTarget);
    Path dir = Files.createTempDirectory("wk-head-memory");
    SyntheticTargets w = new SyntheticTargets(targets, perTarget, 1);
    int n = w.size();
    long[] refs = new long[n];
    long start = 1_700_000_000_000L;
    InstantSource clock = () -> Instant.ofEpochMilli(start + samples * interval);
    Tsdb db = Tsdb.open(TsdbOptions.defaults(dir, new PrometheusRegistry()).withClock(clock));
    long cpu0 = processCpuNanos();
    long wall0 = System.nanoTime();
    long cpuAfterFirst = 0;
    for (int s = 0; s < samples; s++) {
      long t = start + s * interval;
      for (int tg = 0; tg < targets; tg++) {
        Appender app = db.appender();
        for (int i = tg * perTarget; i < (tg + 1) * perTarget; i++) {
          refs[i] = app.append(refs[i], refs[i] == 0 ? w.labels(i) : null, t, w.next(i));
        }
        app.commit();
      }
      if (s == 0) {
        w.forgetLabels(); // from now on only the TSDB holds the label sets
        cpuAfterFirst = processCpuNanos();
      }
    }
    long wall = System.nanoTime() - wall0;
    long cpu = processCpuNanos() - cpu0;
    long total = (long) n * samples;
    long withDb = liveHeap();
    long headChunkBytes = dirSize(dir.resolve("chunks_head"));
    long walBytes = dirSize(dir.resolve("wal"));
    db.flush();
    long blockBytes = dirSize(dir) - dirSize(dir.resolve("wal")) - dirSize(dir.resolve("chunks_head"));
    long indexBytes;
    try (Stream<Path> s = Files.walk(dir)) {
      indexBytes = s.filter(p -> p.getFileName().toString().equals("index")).mapToLong(p -> p.toFile().length()).sum();
    }
    db.close();
    db = null;
    long without = liveHeap();
    out.printf(Locale.ROOT, "series %d, samples/series %d, interval %d ms%n", n, samples, interval);
    out.printf(Locale.ROOT, "heap held by the TSDB: %.1f MiB = %.0f bytes/series%n",
        (withDb - without) / 1048576.0, (double) (withDb - without) / n);
    out.printf(Locale.ROOT, "ingest: %.0f ns/sample wall, %.0f ns/sample process CPU (incl. WAL and GC), %.2f M samples/s%n",
        (double) wall / total, (double) cpu / total, total / (wall / 1e9) / 1e6);
    if (samples > 1) {
      out.printf(Locale.ROOT, "ingest after the first scrape (series exist, references cached): %.0f ns/sample process CPU%n",
          (double) (cpu0 + cpu - cpuAfterFirst) / ((long) n * (samples - 1)));
    }
    out.printf(Locale.ROOT, "head chunk files %.2f bytes/sample, WAL %.2f bytes/sample%n",
        (double) headChunkBytes / total, (double) walBytes / total);
    out.printf(Locale.ROOT, "blocks after flush: %.3f bytes/sample (chunks, index, meta); index %.1f bytes/series%n",
        (double) blockBytes / total, (double) indexBytes / n);
    deleteTree(dir);
  }

  private static long liveHeap() throws InterruptedException {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long dirSize(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}

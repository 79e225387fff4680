package io.watchkeeper.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.ingest.scrape.HttpClientConfig;
import io.watchkeeper.ingest.scrape.ScrapeConfig;
import io.watchkeeper.ingest.scrape.ScrapeManager;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The whole scrape pipeline on real HTTP without a TSDB: scrapes the harness' synthetic targets
 * ({@code python3 shared/bench/targets.py --targets N --series M --tick S}) with a {@link
 * ScrapeManager} into a storage that only hands out references, and prints this process' CPU
 * seconds per million samples and the heap the scrape side keeps per series.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.watchkeeper.benchmarks.ScrapeCpuBench
 * TARGETS BASE_PORT INTERVAL_S WARMUP_S DURATION_S}. Not a JMH benchmark: it measures CPU time of
 * a running system, like the side-by-side harness does for whole servers.
 */
public final class ScrapeCpuBench {
  private ScrapeCpuBench() {}

  /** Counts samples; hands out references; keeps nothing. */
  static final class CountingStorage implements Appendable {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong nextRef = new AtomicLong(1);
    final AtomicLong byLabels = new AtomicLong();

    @Override
    public Appender appender() {
      return new Appender() {
        long n;
        long withLabels;

        @Override
        public long append(long ref, @Nullable Labels labels, long t, double v) {
          n++;
          if (labels != null) {
            withLabels++;
          }
          return ref != 0 ? ref : nextRef.getAndIncrement();
        }

        @Override
        public void commit() {
          samples.addAndGet(n);
          byLabels.addAndGet(withLabels);
        }

        @Override
        public void rollback() {}
      };
    }
  }

  /** User and system CPU of this process in clock ticks (Linux /proc), zeros elsewhere. */
  private static long[] procTicks() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (java.io.IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  public static void main(String[] args) throws Exception {
    int targets = Integer.parseInt(args[0]);
    int basePort = Integer.parseInt(args[1]);
    Duration interval = Duration.ofSeconds(Long.parseLong(args[2]));
    long warmup = Long.parseLong(args[3]);
    long duration = Long.parseLong(args[4]);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      addresses.add("127.0.0.1:" + (basePort + i));
    }
    ScrapeConfig cfg = new ScrapeConfig("bench", interval, interval, "/metrics", "http", Map.of(), false, true, 0, 0, 0, 0, 0, 0,
        List.of(new ScrapeConfig.StaticConfig(addresses, Map.of())), List.of(), List.of(), List.of(), HttpClientConfig.DEFAULT);
    CountingStorage storage = new CountingStorage();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (ScrapeManager m = new ScrapeManager(storage, new PrometheusRegistry(), ScrapeManager.Options.defaults("bench"))) {
      m.applyConfig(List.of(cfg), Labels.EMPTY);
      m.start();
      Thread.sleep(warmup * 1000);
      long cpu0 = os.getProcessCpuTime();
      long[] ticks0 = procTicks();
      long samples0 = storage.samples.get();
      long byLabels0 = storage.byLabels.get();
      Thread.sleep(duration * 1000);
      long cpu = os.getProcessCpuTime() - cpu0;
      long[] ticks1 = procTicks();
      long samples = storage.samples.get() - samples0;
      long down = m.activeTargets().stream().filter(t -> !t.lastError().isEmpty()).count();
      System.gc();
      Thread.sleep(500);
      Runtime rt = Runtime.getRuntime();
      long heap = rt.totalMemory() - rt.freeMemory();
      System.out.printf("targets %d (down %d), samples %d in %d s (%.0f/s), %d appended with labels (report series and new series)%n",
          targets, down, samples, duration, samples / (double) duration, storage.byLabels.get() - byLabels0);
      System.out.printf("CPU %.2f s = %.3f CPU-s per million samples (user %d, system %d clock ticks)%n", cpu / 1e9,
          cpu / 1e9 / (samples / 1e6), ticks1[0] - ticks0[0], ticks1[1] - ticks0[1]);
      System.out.printf("heap after GC %.1f MiB = %.0f bytes per series (%d series)%n", heap / 1048576.0,
          heap / (double) (storage.nextRef.get() - 1), storage.nextRef.get() - 1);
    }
  }
}

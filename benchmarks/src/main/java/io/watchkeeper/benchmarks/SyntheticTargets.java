package io.watchkeeper.benchmarks;

import io.watchkeeper.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Series and values shaped like the side-by-side benchmark's synthetic targets ({@code
 * shared/bench/targets.py}): per target about 46 runtime series, then per HTTP route 6 request
 * counters and two 12-bucket latency histograms (histograms are ~78% of the series), then cache
 * gauges to fill up. Values: integer counters growing by Poisson-like steps, bucket counts,
 * histogram sums as floats with many digits, integer and two-decimal gauges. Deterministic per
 * seed. Not thread-safe.
 */
final class SyntheticTargets {
  private static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
  private static final String[] WORDS = {"users", "orders", "items", "cart", "login", "search", "reports", "billing",
      "inventory", "shipments", "invoices", "profile", "settings", "health", "catalog", "payments", "sessions", "tokens",
      "files", "events"};

  private final List<Labels> labels = new ArrayList<>();
  private final int[] kind; // 0 counter, 1 float sum, 2 int gauge, 3 two-decimal gauge
  private final double[] rate;
  private final double[] value;
  private final Random random;

  /** Series of {@code targets} targets with {@code perTarget} series each. */
  SyntheticTargets(int targets, int perTarget, long seed) {
    this(0, targets, perTarget, seed);
  }

  /** Series of targets numbered from {@code firstTarget} (their {@code instance} label differs). */
  SyntheticTargets(int firstTarget, int targets, int perTarget, long seed) {
    random = new Random(seed);
    for (int t = firstTarget; t < firstTarget + targets; t++) {
      String instance = "127.0.0.1:" + (20000 + t);
      List<Labels> one = target(instance, perTarget);
      labels.addAll(one);
    }
    int n = labels.size();
    kind = new int[n];
    rate = new double[n];
    value = new double[n];
    for (int i = 0; i < n; i++) {
      String name = labels.get(i).metricName();
      if (name.endsWith("_sum")) {
        kind[i] = 1;
      } else if (name.endsWith("_total") || name.endsWith("_bucket") || name.endsWith("_count")) {
        kind[i] = 0;
      } else if (name.startsWith("system_")) {
        kind[i] = 3;
      } else {
        kind[i] = 2;
      }
      rate[i] = Math.exp(random.nextGaussian() * 1.2) * 5;
      value[i] = kind[i] == 3 ? Math.round(random.nextDouble() * 800) / 100.0 : (long) (random.nextDouble() * 1e5);
    }
  }

  private List<Labels> target(String instance, int perTarget) {
    List<Labels> out = new ArrayList<>();
    String[] runtime = {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
        "jvm_threads_live_threads", "jvm_classes_loaded_classes", "system_load_average_1m", "system_cpu_usage"};
    for (String r : runtime) {
      out.add(Labels.of("__name__", r, "job", "bench", "instance", instance));
    }
    for (int p = 0; p < 7; p++) {
      out.add(Labels.of("__name__", "jvm_memory_used_bytes", "job", "bench", "instance", instance, "area", p < 3 ? "heap" : "nonheap", "id", "pool" + p));
      out.add(Labels.of("__name__", "jvm_memory_committed_bytes", "job", "bench", "instance", instance, "area", p < 3 ? "heap" : "nonheap", "id", "pool" + p));
    }
    for (int route = 0; out.size() + 34 <= perTarget - 8; route++) {
      String r = "/api/v" + (1 + route / 20 % 3) + "/" + WORDS[route % WORDS.length] + (route / 60 > 0 ? "/{id}" : "");
      for (String[] ms : new String[][] {{"GET", "200"}, {"GET", "404"}, {"GET", "500"}, {"POST", "201"}, {"POST", "400"}, {"POST", "500"}}) {
        out.add(Labels.of("__name__", "http_requests_total", "job", "bench", "instance", instance, "method", ms[0], "route", r, "status", ms[1]));
      }
      for (String m : new String[] {"GET", "POST"}) {
        for (String le : BUCKETS) {
          out.add(Labels.of("__name__", "http_request_duration_seconds_bucket", "job", "bench", "instance", instance, "le", le, "method", m, "route", r));
        }
        out.add(Labels.of("__name__", "http_request_duration_seconds_sum", "job", "bench", "instance", instance, "method", m, "route", r));
        out.add(Labels.of("__name__", "http_request_duration_seconds_count", "job", "bench", "instance", instance, "method", m, "route", r));
      }
    }
    for (int c = 0; out.size() < perTarget; c++) {
      out.add(Labels.of("__name__", "app_cache_entries", "job", "bench", "instance", instance, "cache", "c" + c));
    }
    return out;
  }

  int size() {
    return labels.size();
  }

  Labels labels(int i) {
    return labels.get(i);
  }

  /** Drops the label sets (once the storage holds its own), to measure what the storage keeps. */
  void forgetLabels() {
    labels.replaceAll(l -> Labels.EMPTY);
  }

  /** Advances series {@code i} by one scrape interval and returns its new value. */
  double next(int i) {
    double v = value[i];
    switch (kind[i]) {
      case 0 -> v += Math.max(0, Math.round(rate[i] + random.nextGaussian() * Math.sqrt(rate[i])));
      case 1 -> v += rate[i] * 0.03 * (0.7 + 0.6 * random.nextDouble());
      case 2 -> v = Math.max(0, v + Math.round(random.nextGaussian() * 3) * 4096);
      default -> v = Math.round(Math.max(0, v + random.nextGaussian() * 0.15) * 100) / 100.0;
    }
    value[i] = v;
    return v;
  }
}

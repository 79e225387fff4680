package io.watchkeeper.benchmarks;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The side-by-side benchmark's workload (shared/bench/targets.py) rebuilt in Java: N targets
 * (job {@code bench}, instance {@code 127.0.0.1:20000+i}) of 1000 series each, a JVM-like runtime
 * block, 28 HTTP routes with request counters (method/status) and 12-bucket latency histograms
 * for GET and POST, cache gauges to fill up, and the scraper's {@code up} series; scraped every
 * {@code intervalMillis}. Counters grow by Poisson-like increments, buckets stay cumulative and
 * consistent, gauges walk randomly. Deterministic for a seed.
 */
final class ScrapeWorkload {
  private static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
  private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
  private static final String[][] METHOD_STATUS = {{"GET", "200"}, {"GET", "404"}, {"GET", "500"}, {"POST", "201"}, {"POST", "400"}, {"POST", "500"}};
  private static final String[] ROUTE_WORDS = {"users", "orders", "items", "cart", "login", "search", "reports", "billing",
      "inventory", "shipments", "invoices", "profile", "settings", "health", "catalog", "payments", "sessions", "tokens", "files",
      "events"};
  private static final String[][] POOLS = {{"heap", "G1 Eden Space"}, {"heap", "G1 Old Gen"}, {"heap", "G1 Survivor Space"},
      {"nonheap", "Metaspace"}, {"nonheap", "CodeHeap 'non-profiled nmethods'"}, {"nonheap", "CodeHeap 'profiled nmethods'"},
      {"nonheap", "Compressed Class Space"}};
  private static final int ROUTES = 28;

  /** One series and how its value moves per scrape. */
  private static final class Gen {
    final Labels labels;
    final Kind kind;
    final double rate;
    final double share; // bucket: fraction of the group's requests at or below the bound; sum: mean latency
    final int group; // histogram group index, -1 if none
    double value;

    Gen(Labels labels, Kind kind, double rate, double share, int group, double value) {
      this.labels = labels;
      this.kind = kind;
      this.rate = rate;
      this.share = share;
      this.group = group;
      this.value = value;
    }
  }

  private enum Kind {
    COUNTER,
    BUCKET,
    HIST_COUNT,
    HIST_SUM,
    GAUGE,
    CONSTANT
  }

  private ScrapeWorkload() {}

  /** Fills a storage with {@code targets} targets scraped {@code scrapes} times, the last at {@code endMillis}. */
  static InMemoryStorage generate(int targets, int scrapes, long intervalMillis, long endMillis) throws AppendException {
    InMemoryStorage storage = new InMemoryStorage();
    long start = endMillis - (scrapes - 1) * intervalMillis;
    for (int t = 0; t < targets; t++) {
      SplittableRandom rnd = new SplittableRandom(1_000_003L * t + 1);
      List<Gen> series = target(t, rnd);
      for (Gen g : series) {
        long ref = 0;
        for (int k = 0; k < scrapes; k++) {
          Appender a = storage.appender();
          ref = a.append(ref, g.labels, start + k * intervalMillis, g.value);
          a.commit();
          advance(g, rnd, k);
        }
      }
    }
    return storage;
  }

  private static void advance(Gen g, SplittableRandom rnd, int k) {
    switch (g.kind) {
      case COUNTER -> g.value += Math.max(0, Math.floor(g.rate + rnd.nextGaussian() * Math.sqrt(g.rate)));
      case BUCKET, HIST_COUNT -> g.value += Math.floor(requests(g, k) * g.share);
      case HIST_SUM -> g.value += requests(g, k) * g.share * (0.7 + 0.6 * rnd.nextDouble());
      case GAUGE -> g.value = Math.max(0, g.value + Math.floor(rnd.nextGaussian() * g.rate));
      case CONSTANT -> { }
    }
  }

  /**
   * Requests of a histogram group in scrape {@code k}: drawn from a stream seeded by (group, k),
   * so every series of the group sees the same count and the buckets stay consistent.
   */
  private static double requests(Gen g, int k) {
    SplittableRandom r = new SplittableRandom(g.group * 1_000_003L + k);
    return Math.max(0, Math.floor(g.rate + r.nextGaussian() * Math.sqrt(g.rate)));
  }

  private static List<Gen> target(int t, SplittableRandom rnd) {
    String instance = "127.0.0.1:" + (20000 + t);
    double scale = 0.5 + rnd.nextDouble();
    List<Gen> out = new ArrayList<>();
    out.add(new Gen(labels("up", instance), Kind.CONSTANT, 0, 0, -1, 1));
    out.add(new Gen(labels("process_cpu_seconds_total", instance), Kind.COUNTER, 0.35, 0, -1, 100));
    for (String[] pool : POOLS) {
      out.add(new Gen(labels("jvm_memory_used_bytes", instance, "area", pool[0], "id", pool[1]), Kind.GAUGE, 3e5, 0, -1, 1e8));
      out.add(new Gen(labels("jvm_memory_committed_bytes", instance, "area", pool[0], "id", pool[1]), Kind.GAUGE, 1e6, 0, -1, 2e8));
      out.add(new Gen(labels("jvm_memory_max_bytes", instance, "area", pool[0], "id", pool[1]), Kind.CONSTANT, 0, 0, -1, 2e9));
    }
    for (int i = 0; i < 22; i++) {
      out.add(new Gen(labels("jvm_threads_states_threads", instance, "state", "s" + i), Kind.GAUGE, 2, 0, -1, 50));
    }
    for (int r = 0; r < ROUTES; r++) {
      String route = route(r);
      double popularity = Math.exp(rnd.nextGaussian() * 1.2) * 20 * scale;
      for (String[] ms : METHOD_STATUS) {
        double share = switch (ms[1]) {
          case "200" -> 0.9;
          case "404" -> 0.03;
          case "500" -> 0.004;
          case "201" -> 0.3;
          default -> 0.02;
        };
        out.add(new Gen(labels("http_requests_total", instance, "method", ms[0], "route", route, "status", ms[1]), Kind.COUNTER,
            popularity * share, 0, -1, Math.floor(rnd.nextDouble() * 1e4 * popularity * share)));
      }
      double meanLatency = new double[] {0.004, 0.012, 0.03, 0.08, 0.2, 0.6}[rnd.nextInt(6)];
      for (int m = 0; m < 2; m++) {
        String method = m == 0 ? "GET" : "POST";
        int group = (t * ROUTES + r) * 2 + m;
        double rate = popularity * (m == 0 ? 0.934 : 0.324);
        double base = Math.floor(rnd.nextDouble() * 1e4 * rate);
        for (int b = 0; b < BUCKETS.length; b++) {
          double cdf = lognormalCdf(BOUNDS[b], meanLatency);
          out.add(new Gen(labels("http_request_duration_seconds_bucket", instance, "le", BUCKETS[b], "method", method, "route", route),
              Kind.BUCKET, rate, cdf, group, Math.floor(base * cdf)));
        }
        out.add(new Gen(labels("http_request_duration_seconds_sum", instance, "method", method, "route", route), Kind.HIST_SUM,
            rate, meanLatency, group, base * meanLatency));
        out.add(new Gen(labels("http_request_duration_seconds_count", instance, "method", method, "route", route), Kind.HIST_COUNT,
            rate, 1, group, base));
      }
    }
    while (out.size() < 1001) {
      out.add(new Gen(labels("app_cache_entries", instance, "cache", "c" + out.size()), Kind.GAUGE, 50, 0, -1, 5000));
    }
    return out;
  }

  private static double lognormalCdf(double bound, double mean) {
    if (Double.isInfinite(bound)) {
      return 1;
    }
    double sigma = 0.9;
    double mu = Math.log(mean) - sigma * sigma / 2;
    return 0.5 * (1 + erf((Math.log(bound) - mu) / (sigma * Math.sqrt(2))));
  }

  /** Abramowitz-Stegun 7.1.26: plenty for bucket shares. */
  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413758) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  private static String route(int i) {
    String word = ROUTE_WORDS[i % ROUTE_WORDS.length];
    int b = i / ROUTE_WORDS.length;
    return "/api/v" + (1 + b % 3) + "/" + word + ((b / 3) % 2 == 1 ? "/{id}" : "") + (b < 6 ? "" : "/x" + b);
  }

  private static Labels labels(String name, String instance, String... more) {
    Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, name).set("job", "bench").set("instance", instance);
    for (int i = 0; i < more.length; i += 2) {
      b.set(more[i], more[i + 1]);
    }
    return b.build();
  }
}

package io.watchkeeper.web.health;

import io.watchkeeper.probe.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Watchkeeper's own checks, run when asked: storage writable, disk space, memory and scrape health,
 * each timed, each bounded by a timeout (a storage that hangs makes its check unhealthy, not the
 * health endpoint hang), disk and memory judged by the seeds' percentages. A check whose source the
 * server did not provide is left out. Named {@code storage}, {@code disk}, {@code memory}, {@code
 * scrapes}; {@code watchkeeper_<name>} when a monitor already has that name. Thread-safe.
 */
final class SelfChecks {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Optional<StorageWritable> storage;
  private final Optional<DiskSpace> disk;
  private final Optional<MemoryUsage> memory;
  private final Optional<ScrapeHealth> scrapes;
  private final HealthOptions options;
  private final LongSupplier nanoTime;

  SelfChecks(Optional<StorageWritable> storage, Optional<DiskSpace> disk, Optional<MemoryUsage> memory,
      Optional<ScrapeHealth> scrapes, HealthOptions options, LongSupplier nanoTime) {
    this.storage = storage;
    this.disk = disk;
    this.memory = memory;
    this.scrapes = scrapes;
    this.options = options;
    this.nanoTime = nanoTime;
  }

  /** Every configured own check; names avoid {@code taken} (the monitors' names). */
  List<HealthCheck> run(Set<String> taken) {
    List<HealthCheck> out = new ArrayList<>();
    storage.ifPresent(s -> out.add(timed(name("storage", taken), () -> storage(s))));
    disk.ifPresent(d -> out.add(timed(name("disk", taken), () -> disk(d))));
    memory.ifPresent(m -> out.add(timed(name("memory", taken), () -> memory(m))));
    scrapes.ifPresent(s -> out.add(timed(name("scrapes", taken), () -> scrapes(s))));
    return out;
  }

  /** Only the storage check (for readiness), if configured. */
  Optional<HealthCheck> storageOnly() {
    return storage.map(s -> timed("storage", () -> storage(s)));
  }

  private static String name(String base, Set<String> taken) {
    return taken.contains(base) ? "watchkeeper_" + base : base;
  }

  /** What a check found, before naming and timing. */
  private record Found(Status status, String message, Map<String, Object> details) {}

  private HealthCheck timed(String name, Callable<Found> check) {
    Instant at = options.clock().instant();
    long start = nanoTime.getAsLong();
    AtomicReference<Found> result = new AtomicReference<>();
    Thread t = Thread.ofVirtual().name("health-" + name).start(() -> {
      try {
        result.set(check.call());
      } catch (Exception e) {
        result.set(new Found(Status.UNHEALTHY, "check failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
            Map.of()));
      }
    });
    boolean done;
    try {
      done = t.join(TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    long millis = (nanoTime.getAsLong() - start) / 1_000_000;
    Found f = result.get();
    if (!done || f == null) {
      t.interrupt();
      return new HealthCheck(name, Status.UNHEALTHY, "no answer within " + TIMEOUT.toSeconds() + "s", millis, at, Map.of());
    }
    return new HealthCheck(name, f.status(), f.message(), millis, at, f.details());
  }

  private static Found storage(StorageWritable s) {
    try {
      s.checkWritable();
      return new Found(Status.HEALTHY, "Storage accepts writes", Map.of());
    } catch (Exception e) {
      return new Found(Status.UNHEALTHY, "Storage does not accept writes: " + (e.getMessage() == null ? e.toString()
          : e.getMessage()), Map.of());
    }
  }

  private Found disk(DiskSpace d) throws java.io.IOException {
    DiskSpace.Usage u = d.usage();
    double used = u.usedPercent();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", u.path());
    details.put("total_bytes", u.totalBytes());
    details.put("usable_bytes", u.usableBytes());
    details.put("used_percent", round(used));
    String msg = String.format(Locale.ROOT, "Disk %.1f%% used (%s free of %s) at %s", used, bytes(u.usableBytes()),
        bytes(u.totalBytes()), u.path());
    return new Found(byPercent(used), msg, details);
  }

  private Found memory(MemoryUsage m) {
    MemoryUsage.Usage u = m.usage();
    double used = u.usedPercent();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("used_bytes", u.usedBytes());
    details.put("max_bytes", u.maxBytes());
    details.put("used_percent", round(used));
    String msg = u.maxBytes() <= 0 ? "Heap " + bytes(u.usedBytes()) + " used (no limit set)"
        : String.format(Locale.ROOT, "Heap %.1f%% used (%s of %s)", used, bytes(u.usedBytes()), bytes(u.maxBytes()));
    return new Found(byPercent(used), msg, details);
  }

  private static Found scrapes(ScrapeHealth s) {
    ScrapeHealth.Targets t = s.targets();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("up", t.up());
    details.put("total", t.total());
    details.put("down", t.down());
    if (t.total() == 0) {
      return new Found(Status.HEALTHY, "No scrape targets", details);
    }
    // A target not scraped yet (Prometheus' "unknown" health, e.g. just after a start) is neither
    // up nor down: it does not count against the verdict.
    int unknown = t.total() - t.up() - t.down().size();
    details.put("unknown", unknown);
    if (t.up() == 0 && t.down().isEmpty()) {
      return new Found(Status.HEALTHY, t.total() + " scrape targets, none scraped yet", details);
    }
    String msg = t.up() + "/" + t.total() + " scrape targets up" + (unknown > 0 ? ", " + unknown + " not scraped yet" : "");
    if (t.down().isEmpty()) {
      return new Found(Status.HEALTHY, msg, details);
    }
    List<String> down = t.down().size() > 5 ? t.down().subList(0, 5) : t.down();
    msg += "; down: " + String.join(", ", down) + (t.down().size() > 5 ? " and " + (t.down().size() - 5) + " more" : "");
    return new Found(t.up() == 0 ? Status.UNHEALTHY : Status.DEGRADED, msg, details);
  }

  private Status byPercent(double used) {
    return used > options.unhealthyPercent() ? Status.UNHEALTHY : used > options.degradedPercent() ? Status.DEGRADED
        : Status.HEALTHY;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** {@code 1.5 GiB}, {@code 512 MiB}, {@code 12 KiB}, {@code 800 B}. */
  static String bytes(long b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

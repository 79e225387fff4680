package io.watchkeeper.web.health;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchkeeper.probe.MonitorState;
import io.watchkeeper.probe.Status;
import io.watchkeeper.probe.StatusChange;
import io.watchkeeper.probe.StatusHistory;
import io.watchkeeper.probe.StatusHistoryException;
import io.watchkeeper.probe.Uptime;
import io.watchkeeper.web.api.ApiErrors;
import io.watchkeeper.web.api.Exchange;
import io.watchkeeper.web.api.Route;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health API of the seeds' contract, as {@link Route routes} for {@code WebServer}:
 *
 * <ul>
 *   <li>{@code GET /api/health}: {@code {"success": true, "data": {"overall", "checks": [{"name",
 *       "status", "message", "duration", "timestamp"}], "timestamp", "version", "uptime",
 *       "environment"}}}; 200 when the overall status is healthy or degraded, 503 when unhealthy.
 *       The checks are the configured monitors (their status after failure thresholds, the last
 *       check's message, duration in milliseconds and time) and Watchkeeper's own (storage, disk,
 *       memory, scrapes). {@code overall} is the worst status among checks that have a verdict; a
 *       monitor not checked yet shows {@code "unknown"} and does not count.
 *   <li>{@code GET /api/health?check=NAME}: {@code {"success": true, "data": <that check>}}, 503
 *       when it is unhealthy; 404 {@code {"success": false, "error": ...}} naming the known checks
 *       for an unknown name.
 *   <li>{@code GET /api/health/live}: 200 while the process serves requests.
 *   <li>{@code GET /api/health/ready}: 200 once the server is ready and its storage takes writes,
 *       503 with the reason otherwise.
 *   <li>{@code GET /api/health/detailed} (and {@code ?check=NAME}): each check with its details: a
 *       monitor's type, labels, status since, consecutive failures, uptime over 24 h, 7 d, 30 d and
 *       90 d and its recent transitions; disk and memory figures. (It is to require authentication
 *       once the auth module exists.)
 * </ul>
 *
 * The server adds {@link #routes()} to the web server's routes:
 *
 * <pre>{@code
 * HealthApi health = HealthApi.builder(HealthOptions.of(version, "production", startTime, clock))
 *     .monitors(probeScheduler::states).history(statusHistory)
 *     .storage(storageCheck).disk(DiskSpace.of(dataDir)).memory(MemoryUsage.jvm()).scrapes(scrapeHealth)
 *     .ready(ready).build();
 * }</pre>
 *
 * Thread-safe.
 */
public final class HealthApi {
  private static final Logger log = LoggerFactory.getLogger(HealthApi.class);
  private static final Set<String> GET = Set.of("GET");
  private static final int RECENT_CHANGES = 10;

  private final HealthOptions options;
  private final MonitorStates monitors;
  private final Optional<StatusHistory> history;
  private final SelfChecks self;
  private final BooleanSupplier ready;
  private final List<Route> routes;

  private HealthApi(Builder b) {
    this.options = b.options;
    this.monitors = b.monitors;
    this.history = Optional.ofNullable(b.history);
    this.self = new SelfChecks(Optional.ofNullable(b.storage), Optional.ofNullable(b.disk), Optional.ofNullable(b.memory),
        Optional.ofNullable(b.scrapes), b.options, b.nanoTime);
    this.ready = b.ready;
    ApiErrors.Style json = ApiErrors.Style.JSON;
    this.routes = List.of(
        new Route("/api/health", GET, json, false, ex -> health(ex, false)),
        new Route("/api/health/detailed", GET, json, false, ex -> health(ex, true)),
        new Route("/api/health/live", GET, json, false, this::live),
        new Route("/api/health/ready", GET, json, false, this::ready));
  }

  /** A builder; monitors, history and own checks are optional (none by default). */
  public static Builder builder(HealthOptions options) {
    return new Builder(options);
  }

  /** The routes to serve. */
  public List<Route> routes() {
    return routes;
  }

  /** Every check now: monitors in configuration order, then the own checks. */
  List<HealthCheck> checks(boolean details) {
    Instant now = options.clock().instant();
    List<MonitorState> states = monitors.states();
    List<HealthCheck> out = new ArrayList<>(states.size() + 4);
    Set<String> names = new HashSet<>();
    for (MonitorState s : states) {
      out.add(monitorCheck(s, now, details));
      names.add(s.name());
    }
    out.addAll(self.run(names));
    return out;
  }

  /** The worst status among checks with a verdict; healthy when there are none. */
  static Status overall(List<HealthCheck> checks) {
    Status worst = Status.HEALTHY;
    for (HealthCheck c : checks) {
      if (c.status() == Status.UNHEALTHY) {
        return Status.UNHEALTHY;
      }
      if (c.status() == Status.DEGRADED) {
        worst = Status.DEGRADED;
      }
    }
    return worst;
  }

  private HealthCheck monitorCheck(MonitorState s, Instant now, boolean details) {
    long millis = s.lastCheck().map(c -> c.duration().toMillis()).orElse(0L);
    Instant at = s.lastCheck().map(c -> c.startedAt()).orElse(now);
    Map<String, Object> d = new LinkedHashMap<>();
    if (details) {
      d.put("type", s.type().configName());
      d.put("labels", s.labels());
      d.put("since", s.status() == Status.UNKNOWN && s.since().equals(Instant.EPOCH) ? null : s.since());
      d.put("consecutive_failures", s.consecutiveFailures());
      d.put("failure_threshold", s.config().failureThreshold());
      d.put("interval_seconds", s.config().interval().toMillis() / 1000.0);
      s.lastCheck().ifPresent(c -> {
        d.put("last_check_verdict", c.verdict().text());
        d.put("last_check_attempts", c.attempts());
      });
      history.ifPresent(h -> historyDetails(h, s.name(), now, d));
    }
    return new HealthCheck(s.name(), s.status(), s.message(), millis, at, d);
  }

  private static void historyDetails(StatusHistory h, String monitor, Instant now, Map<String, Object> d) {
    try {
      Map<String, Object> uptime = new LinkedHashMap<>();
      Uptime.standard(h, monitor, now).forEach((window, u) -> uptime.put(window,
          u.percent().isPresent() ? Math.round(u.percent().getAsDouble() * 1000) / 1000.0 : null));
      d.put("uptime_percent", uptime);
      List<Object> recent = new ArrayList<>();
      for (StatusChange c : h.recent(monitor, RECENT_CHANGES)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", c.from().text());
        m.put("to", c.to().text());
        m.put("at", c.at());
        m.put("reason", c.reason());
        recent.add(m);
      }
      d.put("recent_changes", recent);
    } catch (StatusHistoryException e) {
      log.atWarn().addKeyValue("component", "web").addKeyValue("monitor", monitor).setCause(e)
          .log("cannot read the status history for the detailed health view");
      d.put("history_error", e.getMessage());
    }
  }

  private void health(Exchange ex, boolean details) throws IOException, io.watchkeeper.web.api.ApiException {
    String only = ex.param("check");
    List<HealthCheck> checks = checks(details);
    Instant now = options.clock().instant();
    if (!only.isEmpty()) {
      Optional<HealthCheck> c = checks.stream().filter(x -> x.name().equals(only)).findFirst();
      if (c.isEmpty()) {
        List<String> known = checks.stream().map(HealthCheck::name).toList();
        HealthJson.error(ex, 404, "unknown check \"" + only + "\"; known checks: " + (known.isEmpty() ? "none"
            : String.join(", ", known)));
        return;
      }
      HealthJson.success(ex, c.get().status() == Status.UNHEALTHY ? 503 : 200, gen -> HealthJson.check(gen, c.get(), details));
      return;
    }
    Status overall = overall(checks);
    HealthJson.success(ex, overall == Status.UNHEALTHY ? 503 : 200, gen -> {
      gen.writeStartObject();
      gen.writeStringField("overall", overall.text());
      gen.writeArrayFieldStart("checks");
      for (HealthCheck c : checks) {
        HealthJson.check(gen, c, details);
      }
      gen.writeEndArray();
      about(gen, now);
      if (details) {
        gen.writeObjectFieldStart("runtime");
        gen.writeStringField("java_version", Runtime.version().toString());
        gen.writeNumberField("processors", Runtime.getRuntime().availableProcessors());
        gen.writeNumberField("threads", Thread.activeCount());
        gen.writeEndObject();
      }
      gen.writeEndObject();
    });
  }

  /** timestamp, version, uptime (ms), environment. */
  private void about(JsonGenerator gen, Instant now) throws IOException {
    gen.writeStringField("timestamp", HealthJson.time(now));
    gen.writeStringField("version", options.version());
    gen.writeNumberField("uptime", Math.max(0, Duration.between(options.startTime(), now).toMillis()));
    gen.writeStringField("environment", options.environment());
  }

  private void live(Exchange ex) throws IOException {
    Instant now = options.clock().instant();
    HealthJson.success(ex, 200, gen -> {
      gen.writeStartObject();
      gen.writeStringField("status", "alive");
      about(gen, now);
      gen.writeEndObject();
    });
  }

  private void ready(Exchange ex) throws IOException {
    Instant now = options.clock().instant();
    String reason = "";
    if (!ready.getAsBoolean()) {
      reason = "Watchkeeper is starting (storage opening or configuration loading)";
    } else {
      Optional<HealthCheck> storage = self.storageOnly();
      if (storage.isPresent() && storage.get().status() == Status.UNHEALTHY) {
        reason = storage.get().message();
      }
    }
    String why = reason;
    HealthJson.Data data = gen -> {
      gen.writeStartObject();
      gen.writeStringField("status", why.isEmpty() ? "ready" : "not_ready");
      if (!why.isEmpty()) {
        gen.writeStringField("reason", why);
      }
      about(gen, now);
      gen.writeEndObject();
    };
    if (why.isEmpty()) {
      HealthJson.success(ex, 200, data);
    } else {
      HealthJson.failure(ex, 503, data);
    }
  }

  /** Builds a {@link HealthApi}. Not thread-safe. */
  public static final class Builder {
    private final HealthOptions options;
    private MonitorStates monitors = List::of;
    private @Nullable StatusHistory history;
    private @Nullable StorageWritable storage;
    private @Nullable DiskSpace disk;
    private @Nullable MemoryUsage memory;
    private @Nullable ScrapeHealth scrapes;
    private BooleanSupplier ready = () -> true;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(HealthOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /** The configured monitors' states ({@code probeScheduler::states}). */
    public Builder monitors(MonitorStates m) {
      this.monitors = m;
      return this;
    }

    /** The status history, for uptime and transitions in the detailed view. */
    public Builder history(StatusHistory h) {
      this.history = h;
      return this;
    }

    /** The storage check. */
    public Builder storage(StorageWritable s) {
      this.storage = s;
      return this;
    }

    /** The disk check. */
    public Builder disk(DiskSpace d) {
      this.disk = d;
      return this;
    }

    /** The memory check. */
    public Builder memory(MemoryUsage m) {
      this.memory = m;
      return this;
    }

    /** The scrape health check. */
    public Builder scrapes(ScrapeHealth s) {
      this.scrapes = s;
      return this;
    }

    /** Whether the server is ready (storage open, configuration loaded). */
    public Builder ready(BooleanSupplier r) {
      this.ready = r;
      return this;
    }

    /** The clock durations of own checks are measured on (tests). */
    public Builder nanoTime(LongSupplier n) {
      this.nanoTime = n;
      return this;
    }

    public HealthApi build() {
      return new HealthApi(this);
    }
  }
}

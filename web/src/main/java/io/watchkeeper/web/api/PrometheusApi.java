package io.watchkeeper.web.api;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.ingest.receive.RemoteWriteDecoder;
import io.watchkeeper.model.Labels;
import io.watchkeeper.query.QueryEngine;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Queryable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Prometheus' HTTP API and its neighbours, as {@link Route routes} for {@code
 * io.watchkeeper.web.WebServer}: {@code /api/v1/*} (query, query_range, series, labels, label
 * values, targets, metadata, targets/metadata, status/*, write, import, admin/tsdb/flush), {@code
 * /federate}, {@code /metrics} and {@code /-/healthy}, {@code /-/ready}, {@code /-/reload}.
 *
 * <p>Built once by the server from the components it adapts to this package's interfaces, all
 * required:
 *
 * <pre>{@code
 * PrometheusApi api = PrometheusApi.builder()
 *     .queryable(storage).appendable(storage).queryEngine(engine)
 *     .selectorParser(PromqlParser::parseMetricSelector)
 *     .targets(targetRetriever).metadata(metadataRetriever)
 *     .reloader(reloader).flusher(flusher).importer(importer)
 *     .buildInfo(buildInfo).status(serverStatus).ready(readiness)
 *     .rules(RuleRetriever.of(ruleManager::groups, ruleManager::activeAlerts))
 *     .registry(registry)
 *     .build();
 * }</pre>
 *
 * Registers {@code watchkeeper_api_query_duration_seconds{type}} and {@code
 * watchkeeper_remote_write_samples_total{outcome}} with the registry. Thread-safe once built.
 */
public final class PrometheusApi {
  private static final Set<String> GET = Set.of("GET");
  private static final Set<String> GET_POST = Set.of("GET", "POST");
  private static final Set<String> POST = Set.of("POST");
  private static final Set<String> POST_PUT = Set.of("POST", "PUT");

  private final List<Route> routes;

  private PrometheusApi(Builder b) {
    QueryEndpoints query =
        new QueryEndpoints(b.queryEngine, b.queryable, b.clock, b.options.queryTimeout(), queryDurationHistogram(b.registry));
    SeriesEndpoints series = new SeriesEndpoints(b.queryable, b.selectorParser);
    TargetEndpoints targets = new TargetEndpoints(b.targets, b.metadata, b.selectorParser);
    StatusEndpoints status = new StatusEndpoints(b.buildInfo, b.status, b.clock);
    RemoteWriteEndpoint write =
        new RemoteWriteEndpoint(
            new RemoteWriteDecoder(b.options.remoteWriteMaxDecompressedBytes()),
            b.appendable,
            b.options.remoteWriteMaxBodyBytes(),
            remoteWriteCounter(b.registry));
    ImportEndpoint importer = new ImportEndpoint(b.importer, b.options.importMaxBodyBytes());
    FederateEndpoint federate =
        new FederateEndpoint(b.queryable, b.selectorParser, b.clock, b.options.lookbackDelta().toMillis(), b.externalLabels);
    MetricsEndpoint metrics = new MetricsEndpoint(b.registry);
    LifecycleEndpoints lifecycle = new LifecycleEndpoints(b.ready, b.reloader, b.flusher);
    ApiErrors.Style json = ApiErrors.Style.JSON;
    ApiErrors.Style text = ApiErrors.Style.TEXT;
    List<Route> routes = new ArrayList<>();
    routes.addAll(
        List.of(
            new Route("/api/v1/query", GET_POST, json, true, query::instantQuery),
            new Route("/api/v1/query_range", GET_POST, json, true, query::rangeQuery),
            new Route("/api/v1/series", GET_POST, json, true, series::series),
            new Route("/api/v1/labels", GET_POST, json, true, series::labelNames),
            new Route("/api/v1/label/{name}/values", GET, json, true, series::labelValues),
            new Route("/api/v1/targets", GET, json, true, targets::targets),
            new Route("/api/v1/targets/metadata", GET, json, true, targets::targetMetadata),
            new Route("/api/v1/metadata", GET, json, true, targets::metricMetadata),
            new Route("/api/v1/status/buildinfo", GET, json, true, status::buildInfo),
            new Route("/api/v1/status/runtimeinfo", GET, json, true, status::runtimeInfo),
            new Route("/api/v1/status/config", GET, json, true, status::config),
            new Route("/api/v1/status/flags", GET, json, true, status::flags),
            new Route("/api/v1/write", POST, text, true, write::write),
            new Route("/api/v1/import", POST, json, true, importer::importSamples),
            new Route("/api/v1/admin/tsdb/flush", POST_PUT, json, true, lifecycle::flush),
            new Route("/federate", GET_POST, text, true, federate::federate),
            new Route("/metrics", GET, text, false, metrics::metrics),
            new Route("/-/healthy", GET, text, false, lifecycle::healthy),
            new Route("/-/ready", GET, text, false, lifecycle::ready),
            new Route("/-/reload", POST_PUT, text, false, lifecycle::reload)));
    if (b.rules != null) {
      // Optional: without rules these paths are unknown (404), like any path not served.
      RuleEndpoints rules = new RuleEndpoints(b.rules);
      routes.add(new Route("/api/v1/rules", GET, json, true, rules::rules));
      routes.add(new Route("/api/v1/alerts", GET, json, true, rules::alerts));
    }
    this.routes = List.copyOf(routes);
  }

  /**
   * A route that serves another registry in the exposition formats, as {@code /metrics} serves
   * ours: e.g. the host's metrics on {@code /metrics/host}.
   */
  public static Route metricsRoute(String path, PrometheusRegistry registry) {
    MetricsEndpoint endpoint = new MetricsEndpoint(registry);
    return new Route(path, GET, ApiErrors.Style.TEXT, false, endpoint::metrics);
  }

  /** A builder; every component but the clock, options, external labels and rules is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The routes to serve. */
  public List<Route> routes() {
    return routes;
  }

  private static Histogram queryDurationHistogram(PrometheusRegistry registry) {
    return Histogram.builder()
        .name("watchkeeper_api_query_duration_seconds")
        .help("Duration of PromQL queries served by the HTTP API, from start to result, by query type.")
        .labelNames("type")
        .classicOnly()
        .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120)
        .register(registry);
  }

  private static Counter remoteWriteCounter(PrometheusRegistry registry) {
    return Counter.builder()
        .name("watchkeeper_remote_write_samples_total")
        .help("Samples received by remote write, by outcome: appended or rejected.")
        .labelNames("outcome")
        .register(registry);
  }

  /** Collects the API's components. Not thread-safe. */
  public static final class Builder {
    private @Nullable Queryable queryable;
    private @Nullable Appendable appendable;
    private @Nullable QueryEngine queryEngine;
    private @Nullable SelectorParser selectorParser;
    private @Nullable TargetRetriever targets;
    private @Nullable MetadataRetriever metadata;
    private @Nullable ConfigReloader reloader;
    private @Nullable HeadFlusher flusher;
    private @Nullable SampleImporter importer;
    private @Nullable BuildInfo buildInfo;
    private @Nullable ServerStatus status;
    private @Nullable BooleanSupplier ready;
    private @Nullable RuleRetriever rules;
    private @Nullable PrometheusRegistry registry;
    private Clock clock = Clock.systemUTC();
    private ApiOptions options = ApiOptions.defaults();
    private Supplier<Labels> externalLabels = () -> Labels.EMPTY;

    private Builder() {}

    /** Where queries, series and label lookups and federation read. */
    public Builder queryable(Queryable queryable) {
      this.queryable = queryable;
      return this;
    }

    /** Where remote write appends. */
    public Builder appendable(Appendable appendable) {
      this.appendable = appendable;
      return this;
    }

    public Builder queryEngine(QueryEngine queryEngine) {
      this.queryEngine = queryEngine;
      return this;
    }

    /** Parses {@code match[]} and {@code match_target}. */
    public Builder selectorParser(SelectorParser selectorParser) {
      this.selectorParser = selectorParser;
      return this;
    }

    public Builder targets(TargetRetriever targets) {
      this.targets = targets;
      return this;
    }

    public Builder metadata(MetadataRetriever metadata) {
      this.metadata = metadata;
      return this;
    }

    public Builder reloader(ConfigReloader reloader) {
      this.reloader = reloader;
      return this;
    }

    public Builder flusher(HeadFlusher flusher) {
      this.flusher = flusher;
      return this;
    }

    public Builder importer(SampleImporter importer) {
      this.importer = importer;
      return this;
    }

    public Builder buildInfo(BuildInfo buildInfo) {
      this.buildInfo = buildInfo;
      return this;
    }

    public Builder status(ServerStatus status) {
      this.status = status;
      return this;
    }

    /** Whether the server is ready: {@code /-/ready} answers 200, else 503. */
    public Builder ready(BooleanSupplier ready) {
      this.ready = ready;
      return this;
    }

    /**
     * The rule groups and alerts: serves {@code /api/v1/rules} and {@code /api/v1/alerts}, which
     * are not routed without it.
     */
    public Builder rules(RuleRetriever rules) {
      this.rules = rules;
      return this;
    }

    /** Where the API registers its metrics and what {@code /metrics} serves. */
    public Builder registry(PrometheusRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** "Now" for queries without a time and for federation; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder options(ApiOptions options) {
      this.options = options;
      return this;
    }

    /** The configured external labels, added by {@code /federate}; none by default. */
    public Builder externalLabels(Supplier<Labels> externalLabels) {
      this.externalLabels = externalLabels;
      return this;
    }

    /** @throws NullPointerException naming the first required component not given */
    public PrometheusApi build() {
      Objects.requireNonNull(queryable, "queryable");
      Objects.requireNonNull(appendable, "appendable");
      Objects.requireNonNull(queryEngine, "queryEngine");
      Objects.requireNonNull(selectorParser, "selectorParser");
      Objects.requireNonNull(targets, "targets");
      Objects.requireNonNull(metadata, "metadata");
      Objects.requireNonNull(reloader, "reloader");
      Objects.requireNonNull(flusher, "flusher");
      Objects.requireNonNull(importer, "importer");
      Objects.requireNonNull(buildInfo, "buildInfo");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(ready, "ready");
      Objects.requireNonNull(registry, "registry");
      return new PrometheusApi(this);
    }
  }
}

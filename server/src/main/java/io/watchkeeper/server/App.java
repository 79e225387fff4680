package io.watchkeeper.server;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.alerting.NotificationManager;
import io.watchkeeper.alerting.NotificationOptions;
import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.ReceiverTester;
import io.watchkeeper.alerting.escalation.EscalationManager;
import io.watchkeeper.alerting.history.AlertHistory;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.ingest.host.HostMetrics;
import io.watchkeeper.ingest.receive.Importer;
import io.watchkeeper.ingest.scrape.ScrapeManager;
import io.watchkeeper.postgres.Database;
import io.watchkeeper.model.Alert;
import io.watchkeeper.model.Labels;
import io.watchkeeper.postgres.JdbcAlertHistoryStore;
import io.watchkeeper.postgres.JdbcEscalationStore;
import io.watchkeeper.postgres.JdbcNotificationLog;
import io.watchkeeper.postgres.JdbcOutbox;
import io.watchkeeper.postgres.JdbcSilenceStore;
import io.watchkeeper.postgres.JdbcStatusHistory;
import io.watchkeeper.probe.MonitorConfigException;
import io.watchkeeper.probe.ProbeScheduler;
import io.watchkeeper.probe.ProbeSchedulerOptions;
import io.watchkeeper.query.engine.PromqlEngine;
import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.query.parser.PromqlParser;
import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleManager;
import io.watchkeeper.rules.AlertSink;
import io.watchkeeper.rules.RuleManagerOptions;
import io.watchkeeper.server.config.ConfigException;
import io.watchkeeper.server.config.FullConfig;
import io.watchkeeper.server.config.FullConfigLoader;
import io.watchkeeper.storage.tsdb.Tsdb;
import io.watchkeeper.storage.tsdb.TsdbOptions;
import io.watchkeeper.web.WebOptions;
import io.watchkeeper.web.WebServer;
import io.watchkeeper.web.alertmanager.AlertmanagerApi;
import io.watchkeeper.web.alerts.AlertsApi;
import io.watchkeeper.web.api.PrometheusApi;
import io.watchkeeper.web.api.Route;
import io.watchkeeper.web.api.RuleRetriever;
import io.watchkeeper.web.api.SampleImporter;
import io.watchkeeper.web.health.DiskSpace;
import io.watchkeeper.web.health.HealthApi;
import io.watchkeeper.web.health.HealthOptions;
import io.watchkeeper.web.health.MemoryUsage;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: builds every component in dependency order in {@link #start}, applies a
 * configuration to all of them at once, reloads all-or-nothing, and stops them in reverse order.
 * The wiring here is the system diagram (STYLE: no container).
 *
 * <p>Thread-safe: reloads are serialised; {@link #close()} may be called from a shutdown hook.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  /**
   * How to start.
   *
   * @param configFile the configuration file, or empty for the built-in one
   * @param dataDir where metrics, the WAL and the embedded database live
   * @param host the address to listen on
   * @param port the port (0 = any free port; {@link #port()} tells which)
   * @param env environment variables for {@code ${VAR}} in the configuration
   */
  public record Options(Optional<Path> configFile, Path dataDir, String host, int port, Map<String, String> env) {
    public Options {
      env = Map.copyOf(env);
    }
  }

  private final Options options;
  private final Clock clock = Clock.systemUTC();
  private final Instant startTime = clock.instant();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final BuildInfo build = BuildInfo.current();
  private final String hostname = hostname();
  private final ReentrantLock reloadLock = new ReentrantLock();
  private final List<AutoCloseable> started = new ArrayList<>(); // in start order; closed in reverse

  private volatile boolean ready;
  private volatile @Nullable FullConfig config;
  private volatile boolean lastReloadOk = true;
  private volatile Instant lastReloadTime = startTime;

  private @Nullable ScrapeManager scrape;
  private @Nullable RuleManager rules;
  private @Nullable NotificationManager alerting;
  private @Nullable AlertHistory history;
  private @Nullable ProbeScheduler probes;
  private @Nullable WebServer web;

  private App(Options options) {
    this.options = options;
  }

  /**
   * Validates the configuration, opens the storage (replaying its WAL), starts listening, applies
   * the configuration and starts scraping, rules and notifications.
   *
   * @throws ConfigException if the configuration is invalid (nothing was started)
   * @throws IOException if the data directory or the port cannot be used (what was started is stopped)
   */
  public static App start(Options options) throws ConfigException, IOException {
    App app = new App(options);
    try {
      app.startComponents();
      return app;
    } catch (ConfigException | IOException | RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void startComponents() throws ConfigException, IOException {
    FullConfigLoader loader = new FullConfigLoader(options.env());
    // Validate before anything is opened: a broken file must not touch the data directory.
    FullConfig first = loadConfig(loader, options.host() + ":" + options.port());
    first.warnings().forEach(w -> log.atWarn().addKeyValue("where", w).log("configuration key ignored"));

    Files.createDirectories(options.dataDir());
    started.add(DataDirLock.acquire(options.dataDir()));
    JvmMetrics.builder().register(registry);

    log.atInfo().addKeyValue("dir", options.dataDir().toAbsolutePath()).log("opening storage");
    Tsdb storage = Tsdb.open(TsdbOptions.defaults(options.dataDir().resolve("tsdb"), registry)
        .withRetention(first.main().storage().retention())
        .withOutOfOrderWindow(first.main().storage().outOfOrderWindow()));
    started.add(storage);
    storage.start();

    // Import bodies are spooled next to the data (not to /tmp, often a RAM disk), with its space.
    Path importSpool = options.dataDir().resolve("import-spool");
    Importer.deleteSpoolLeftovers(importSpool);

    PromqlEngine engine = new PromqlEngine(QueryEngineOptions.defaults());
    started.add(engine);

    Database db = Database.embedded(options.dataDir()); // created by its first write
    started.add(db);
    String externalUrl = first.main().server().externalUrl().orElse("http://" + options.host() + ":" + options.port());
    NotificationManager notifications = new NotificationManager(notificationsOf(first),
        new NotificationManager.Stores(new JdbcSilenceStore(db), new JdbcNotificationLog(db),
            new JdbcOutbox(db)),
        clock, registry, NotificationOptions.defaults(externalUrl), new NotifierFactory());
    alerting = notifications;
    started.add(notifications);
    AlertHistory alertHistory = new AlertHistory(new JdbcAlertHistoryStore(db), clock,
        notificationsOf(first).history());
    alertHistory.attach(notifications);
    history = alertHistory;
    started.add(alertHistory);
    EscalationManager escalations = new EscalationManager(notifications, new JdbcEscalationStore(db), clock);
    started.add(escalations);

    // Firing and resolved alerts go to routing; pending ones only into the alerts' history.
    AlertSink sink = new AlertSink() {
      @Override
      public void send(List<Alert> alerts) {
        notifications.send(alerts);
      }

      @Override
      public void pending(Alert alert) {
        alertHistory.pending(alert);
      }

      @Override
      public void pendingCleared(Labels labels) {
        alertHistory.pendingCleared(labels);
      }
    };
    RuleManager ruleManager = new RuleManager(RuleManagerOptions.of(
            (expr, t) -> engine.instantQuery(storage, expr, t).value(), storage, storage, sink, registry)
        .withEvaluationInterval(first.main().global().evaluationInterval())
        .withExternal(first.main().global().externalLabels(), externalUrl));
    rules = ruleManager;
    started.add(ruleManager);

    JdbcStatusHistory statusHistory = new JdbcStatusHistory(db);
    ProbeScheduler probes = new ProbeScheduler(ProbeSchedulerOptions.standard(storage, statusHistory, registry,
        build.version()));
    this.probes = probes;
    started.add(probes); // closed before the database: it records every monitor as unknown while we are down

    ScrapeManager scrapeManager = new ScrapeManager(storage, registry, ScrapeManager.Options.defaults(build.version())
        .withJitterSeed(hostname.hashCode()));
    scrape = scrapeManager;
    started.add(scrapeManager);

    PrometheusRegistry hostRegistry = new PrometheusRegistry();
    hostRegistry.register(new HostMetrics(clock));

    List<Route> routes = new ArrayList<>(PrometheusApi.builder()
        .queryable(storage).appendable(storage).queryEngine(engine)
        .selectorParser(PromqlParser::parseMetricSelector)
        .targets(WebAdapters.targets(scrapeManager))
        .metadata(WebAdapters.metadata(scrapeManager))
        .reloader(this::reload)
        .flusher(storage::flush)
        // History import may reach back as far as retention keeps data; scrapes stay in order.
        .importer(SampleImporter.of(new Importer(
            () -> storage.appender(first.main().storage().retention()), Importer.Options.DEFAULT.withSpoolDir(importSpool))))
        .buildInfo(build.toApi())
        .status(new Status(this))
        .ready(() -> ready)
        .rules(RuleRetriever.of(ruleManager::groups, ruleManager::activeAlerts))
        .registry(registry)
        .clock(clock)
        .externalLabels(() -> currentConfig().main().global().externalLabels())
        .build().routes());
    routes.add(PrometheusApi.metricsRoute("/metrics/host", hostRegistry));
    routes.addAll(new AlertmanagerApi(notifications, build.toApi(), startTime, clock).routes());
    routes.addAll(new AlertsApi(alertHistory, escalations, new ReceiverTester(notifications, clock), clock).routes());
    routes.addAll(HealthApi.builder(HealthOptions.of(build.version(),
            options.env().getOrDefault("WATCHKEEPER_ENVIRONMENT", "production"), startTime, clock))
        .monitors(probes::states)
        .history(statusHistory)
        .storage(() -> HealthSources.checkWritable(options.dataDir()))
        .disk(DiskSpace.of(options.dataDir()))
        .memory(MemoryUsage.jvm())
        .scrapes(() -> HealthSources.scrapeTargets(scrapeManager))
        .ready(() -> ready)
        .build().routes());

    WebServer server = new WebServer(WebOptions.of(options.host(), options.port()), routes, () -> ready, registry);
    web = server;
    started.add(server);
    try {
      server.start();
    } catch (IOException e) {
      throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
          + " (is another server using the port? pick another with --listen HOST:PORT)", e);
    }

    // The built-in configuration scrapes the port we really got.
    FullConfig effective = options.configFile().isPresent() ? first : loadConfig(loader, listenAddress());
    apply(effective);
    scrapeManager.start();
    probes.start();
    ruleManager.start();
    notifications.start();
    alertHistory.start();
    escalations.start();
    ready = true;
    log.atInfo().addKeyValue("url", url()).addKeyValue("config", effective.main().source())
        .log("Watchkeeper " + build.version() + " ready");
  }

  private FullConfig loadConfig(FullConfigLoader loader, String listen) throws ConfigException {
    Optional<Path> file = options.configFile();
    return file.isPresent() ? loader.load(file.get()) : loader.builtIn(listen, hostname);
  }

  private static NotificationsConfig notificationsOf(FullConfig c) {
    // Without a notifications section alerts are kept and shown, and sent nowhere.
    return c.notifications().orElseGet(() -> NotificationsConfig.of(RouteConfig.root("none"), ReceiverConfig.of("none")));
  }

  /** Applies a validated configuration to every component. */
  private void apply(FullConfig c) throws ConfigException {
    ScrapeManager s = require(scrape);
    RuleManager r = require(rules);
    NotificationManager n = require(alerting);
    ProbeScheduler p = require(probes);
    try {
      // Rules are checked completely before anything changes: with monitors, the only steps that can still fail.
      r.loadGroups(c.ruleGroups());
    } catch (RuleConfigException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    try {
      p.applyConfig(c.main().monitors()); // all or nothing: a rejected list changes nothing
    } catch (MonitorConfigException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    s.applyConfig(c.main().scrapeConfigs(), c.main().global().externalLabels());
    try {
      r.applyConfig(c.ruleGroups());
    } catch (RuleConfigException e) {
      throw new IllegalStateException("BUG: rule groups validated but not applied", e);
    }
    n.applyConfig(notificationsOf(c));
    require(history).setOptions(notificationsOf(c).history());
    config = c;
  }

  /**
   * Reloads the configuration from the same source (POST /-/reload, SIGHUP): all or nothing. A
   * broken file is rejected with its messages and the running configuration stays.
   *
   * @return empty when the new configuration is in force, else why it was rejected
   */
  public Optional<String> reload() {
    reloadLock.lock();
    try {
      FullConfig next = loadConfig(new FullConfigLoader(options.env()), listenAddress());
      next.warnings().forEach(w -> log.atWarn().addKeyValue("where", w).log("configuration key ignored"));
      if (!next.main().storage().equals(currentConfig().main().storage())) {
        log.atWarn().log("storage settings changed: they take effect at the next restart");
      }
      apply(next);
      lastReloadOk = true;
      lastReloadTime = clock.instant();
      log.atInfo().addKeyValue("config", next.main().source()).log("configuration reloaded");
      return Optional.empty();
    } catch (ConfigException e) {
      lastReloadOk = false;
      String message = "cannot reload configuration, keeping the running one:\n" + String.join("\n", e.problems());
      log.atError().addKeyValue("problems", String.join("; ", e.problems())).log("configuration reload rejected");
      return Optional.of(message);
    } finally {
      reloadLock.unlock();
    }
  }

  FullConfig currentConfig() {
    return require(config);
  }

  boolean lastReloadOk() {
    return lastReloadOk;
  }

  Instant lastReloadTime() {
    return lastReloadTime;
  }

  Instant startTime() {
    return startTime;
  }

  String hostnameOfMachine() {
    return hostname;
  }

  Options options() {
    return options;
  }

  /** The port the server listens on. */
  public int port() {
    return require(web).port();
  }

  /** The base URL of the HTTP server. */
  public String url() {
    return "http://" + listenAddress();
  }

  private String listenAddress() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return host + ":" + (web == null ? options.port() : port());
  }

  /** Whether start-up finished. */
  public boolean isReady() {
    return ready;
  }

  /** Stops everything that was started, newest first; what was accepted is on disk afterwards. */
  @Override
  public void close() {
    ready = false;
    for (int i = started.size() - 1; i >= 0; i--) {
      AutoCloseable c = started.get(i);
      try {
        c.close();
      } catch (Exception e) {
        log.atError().addKeyValue("component", c.getClass().getSimpleName()).setCause(e).log("cannot stop cleanly");
      }
    }
    started.clear();
  }

  private static <T> T require(@Nullable T component) {
    if (component == null) {
      throw new IllegalStateException("BUG: component used before start");
    }
    return component;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}

package io.watchkeeper.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watchkeeper.web.api.Route;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionConfig;
import org.eclipse.jetty.compression.server.CompressionHandler;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Jetty 12 core handlers (no servlets), requests handled on virtual threads,
 * routes dispatched by a {@link PathMappingsHandler}, responses gzip-compressed when the client
 * accepts it, gzip request bodies inflated for {@code /api/v1/import}. Unknown paths get 404,
 * known paths with another method 405.
 *
 * <p>Lifecycle: the constructor builds and binds nothing; {@link #start()} listens, {@link
 * #close()} stops. Registers {@code watchkeeper_http_request_duration_seconds{handler}} and
 * {@code watchkeeper_http_requests_total{handler,code}}. Thread-safe.
 *
 * <pre>{@code
 * WebServer web = new WebServer(WebOptions.of("127.0.0.1", 9095), api.routes(), ready, registry);
 * web.start();
 * ...
 * web.close();
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  private final WebOptions options;
  private final Server server;
  private final ServerConnector connector;

  /**
   * @param routes what to serve
   * @param ready whether routes that {@link Route#requiresReady() require it} may answer yet
   * @param registry where the request metrics are registered
   */
  public WebServer(WebOptions options, List<Route> routes, BooleanSupplier ready, PrometheusRegistry registry) {
    this.options = options;
    Histogram duration =
        Histogram.builder()
            .name("watchkeeper_http_request_duration_seconds")
            .help("Duration of HTTP requests, by handler (route path).")
            .labelNames("handler")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120)
            .register(registry);
    Counter requests =
        Counter.builder()
            .name("watchkeeper_http_requests_total")
            .help("HTTP requests answered, by handler (route path) and status code.")
            .labelNames("handler", "code")
            .register(registry);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("web");
    // Requests run on virtual threads; the platform pool holds the selector and what
    // Jetty borrows besides. Its default minimum of 8 kept 6 idle threads with their stacks.
    threads.setMinThreads(3);
    VirtualThreadPool virtualThreads = new VirtualThreadPool(options.maxConcurrentRequests());
    virtualThreads.setName("web-request");
    threads.setVirtualThreadsExecutor(virtualThreads);
    server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(options.maxRequestHeaderBytes());
    // No acceptor thread: the selector accepts connections itself. A blocking acceptor hands each
    // new connection to the selector and wakes it up, a thread switch per connection that cost
    // more than answering a small query (most API clients open a connection per request).
    connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setIdleTimeout(options.idleTimeout().toMillis());
    server.addConnector(connector);

    PathMappingsHandler mappings = new PathMappingsHandler();
    for (Route route : routes) {
      PathSpec spec = route.path().contains("{") ? new UriTemplatePathSpec(route.path()) : new ServletPathSpec(route.path());
      mappings.addMapping(spec, new RouteHandler(route, spec, ready, options.maxFormBytes(), duration, requests));
    }
    mappings.addMapping(new ServletPathSpec("/"), new RouteHandler(null, null, ready, options.maxFormBytes(), duration, requests));

    CompressionHandler compression = new CompressionHandler(mappings);
    compression.putCompression(new GzipCompression());
    compression.putConfiguration(
        "/",
        CompressionConfig.builder()
            .defaults()
            .compressIncludeMethod("GET")
            .compressIncludeMethod("POST")
            .decompressIncludePath("/api/v1/import")
            .build());
    // PathMappingsHandler needs a context (for the context path): the root context.
    server.setHandler(new ContextHandler(compression, "/"));
    server.setStopTimeout(options.stopTimeout().toMillis());
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the address cannot be bound
   */
  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly();
      throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      stopQuietly();
      throw new IllegalStateException("cannot start the HTTP server on " + options.host() + ":" + options.port(), e);
    }
    log.atInfo().addKeyValue("component", "web").addKeyValue("host", options.host()).addKeyValue("port", port()).log("listening");
  }

  /** The bound port (the chosen one when the options said 0); -1 before {@link #start()}. */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting, lets requests in flight finish for up to the options' stop timeout, and
   * releases the port.
   */
  @Override
  public void close() {
    try {
      server.stop();
      log.atInfo().addKeyValue("component", "web").log("stopped");
    } catch (Exception e) {
      log.atWarn().addKeyValue("component", "web").setCause(e).log("HTTP server did not stop cleanly");
    }
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception suppressed) {
      log.atDebug().setCause(suppressed).log("stop after a failed start failed too");
    }
  }
}

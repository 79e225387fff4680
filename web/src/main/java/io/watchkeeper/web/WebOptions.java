package io.watchkeeper.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the HTTP server listens.
 *
 * @param host interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port TCP port; 0 picks a free one (tests), see {@link WebServer#port()}
 * @param maxFormBytes largest form-encoded POST body read for parameters (10 MiB, as Go's {@code
 *     ParseForm}); larger ones get 413
 * @param maxRequestHeaderBytes largest request line plus headers: bounds GET query strings
 * @param idleTimeout how long an idle connection is kept open
 * @param maxConcurrentRequests requests handled at once; more wait for a free slot
 * @param stopTimeout how long {@link WebServer#close()} lets requests in flight finish (0: not at
 *     all); an idle keep-alive connection makes it wait about a second of it
 */
public record WebOptions(
    String host,
    int port,
    int maxFormBytes,
    int maxRequestHeaderBytes,
    Duration idleTimeout,
    int maxConcurrentRequests,
    Duration stopTimeout) {
  public WebOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (maxFormBytes <= 0 || maxRequestHeaderBytes <= 0 || maxConcurrentRequests <= 0) {
      throw new IllegalArgumentException("limits must be > 0");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be > 0, got " + idleTimeout);
    }
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("stopTimeout must be >= 0, got " + stopTimeout);
    }
  }

  /** Defaults for everything but the address. */
  public static WebOptions of(String host, int port) {
    return new WebOptions(host, port, 10 << 20, 64 << 10, Duration.ofSeconds(60), 256, Duration.ofSeconds(5));
  }

  /** These options with another stop timeout. */
  public WebOptions withStopTimeout(Duration timeout) {
    return new WebOptions(host, port, maxFormBytes, maxRequestHeaderBytes, idleTimeout, maxConcurrentRequests, timeout);
  }
}

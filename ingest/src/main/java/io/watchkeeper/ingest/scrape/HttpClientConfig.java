package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Secret;
import java.util.Optional;

/**
 * How to reach a target over HTTP (Prometheus {@code common/config.HTTPClientConfig}, the parts we
 * support). Secrets from {@code *_file} keys have been read by the config loader.
 */
public record HttpClientConfig(
    Optional<BasicAuth> basicAuth, Optional<Authorization> authorization, TlsConfig tls, boolean followRedirects) {
  /** No authentication, default TLS, redirects followed. */
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(Optional.empty(), Optional.empty(), TlsConfig.DEFAULT, true);

  /** {@code basic_auth}. */
  public record BasicAuth(String username, Secret password) {}

  /** {@code authorization}: header {@code Authorization: <type> <credentials>}; type defaults to Bearer. */
  public record Authorization(String type, Secret credentials) {}

  /**
   * {@code tls_config}. Paths are empty when not set. {@code minVersion} is empty or TLS10..TLS13.
   */
  public record TlsConfig(
      String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify, String minVersion) {
    public static final TlsConfig DEFAULT = new TlsConfig("", "", "", "", false, "");
  }
}

package io.watchkeeper.probe.net;

import java.util.Objects;
import java.util.Optional;

/**
 * How a probe talks TLS (Prometheus' {@code tls_config} keys that apply to a client checking a
 * server).
 *
 * @param insecureSkipVerify accept any certificate and host name (the certificates are still read
 *     and their expiry still reported)
 * @param caPem PEM certificates to trust instead of the JDK's default trust store
 * @param serverName the name to send (SNI) and to check the certificate against, instead of the
 *     host of the URL or target
 * @throws IllegalArgumentException if {@code caPem} holds no parsable certificate
 */
public record TlsSettings(boolean insecureSkipVerify, Optional<String> caPem, Optional<String> serverName) {
  /** Verify against the JDK's trust store and the URL's host. */
  public static final TlsSettings DEFAULT = new TlsSettings(false, Optional.empty(), Optional.empty());

  public TlsSettings {
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(serverName, "serverName");
    caPem.ifPresent(TlsContexts::validatePem);
  }

  @Override
  public String toString() {
    return "TlsSettings[insecureSkipVerify=" + insecureSkipVerify + ", caPem=" + (caPem.isPresent() ? "<pem>" : "none")
        + ", serverName=" + serverName.orElse("") + "]";
  }
}

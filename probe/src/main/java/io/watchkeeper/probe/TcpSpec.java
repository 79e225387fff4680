package io.watchkeeper.probe;

import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.TlsSettings;
import java.util.Objects;

/**
 * A TCP connect check ({@code type: tcp}, {@code target: host:port}); with {@code tls: true} a TLS
 * handshake too, with the certificate's expiry watched.
 */
public record TcpSpec(String host, int port, boolean tls, TlsSettings tlsSettings, AddressPreference ip,
    int certExpiryWarningDays) implements ProbeSpec {
  public TcpSpec {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tlsSettings, "tlsSettings");
    Objects.requireNonNull(ip, "ip");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("target needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
    if (certExpiryWarningDays < 0) {
      throw new IllegalArgumentException("cert_expiry_warning_days must not be negative");
    }
  }

  /** A plain TCP connect to {@code host:port}. */
  public static TcpSpec of(String host, int port) {
    return new TcpSpec(host, port, false, TlsSettings.DEFAULT, AddressPreference.DEFAULT, HttpSpec.DEFAULT_CERT_WARNING_DAYS);
  }

  @Override
  public MonitorType type() {
    return MonitorType.TCP;
  }
}

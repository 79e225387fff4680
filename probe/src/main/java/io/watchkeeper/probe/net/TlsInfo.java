package io.watchkeeper.probe.net;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a TLS handshake showed: the protocol version and the certificates the server sent, leaf
 * first. Immutable.
 *
 * @param version e.g. {@code TLSv1.3}; empty when the handshake did not complete
 * @param cipherSuite empty when the handshake did not complete
 * @param chain the server's certificates, possibly empty when the server sent none
 */
public record TlsInfo(Optional<String> version, Optional<String> cipherSuite, List<X509Certificate> chain) {
  public TlsInfo {
    chain = List.copyOf(chain);
  }

  /** The earliest {@code notAfter} of the chain ({@code probe_ssl_earliest_cert_expiry}). */
  public Optional<Instant> earliestExpiry() {
    return chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo);
  }

  /** The leaf certificate's subject, for messages. */
  public String leafSubject() {
    return chain.isEmpty() ? "(none)" : chain.get(0).getSubjectX500Principal().getName();
  }

  /** The version as blackbox_exporter labels it: {@code TLS 1.3}. */
  public Optional<String> versionLabel() {
    return version.map(v -> v.replace("TLSv", "TLS ").replace("SSLv", "SSL "));
  }
}

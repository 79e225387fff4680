package io.watchkeeper.probe.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * One {@link SSLContext} per distinct {@link TlsSettings}, built on first use and kept: building
 * one parses trust stores, which is too slow to do for every check of 10,000 monitors.
 * Thread-safe.
 */
final class TlsContexts {
  /** A context and the trust manager that captures server certificates for it. */
  record Entry(SSLContext context, CapturingTrustManager trust) {}

  private final ConcurrentHashMap<TlsSettings, Entry> contexts = new ConcurrentHashMap<>();

  /**
   * The context for {@code settings}.
   *
   * @throws ProbeIoException of kind TLS if the CA certificates cannot be parsed
   */
  Entry get(TlsSettings settings) throws ProbeIoException {
    Entry e = contexts.get(settings);
    if (e != null) {
      return e;
    }
    Entry built = build(settings);
    Entry raced = contexts.putIfAbsent(settings, built);
    return raced == null ? built : raced;
  }

  private static Entry build(TlsSettings settings) throws ProbeIoException {
    try {
      X509ExtendedTrustManager delegate = settings.insecureSkipVerify() ? null : trustManager(settings);
      CapturingTrustManager trust = new CapturingTrustManager(delegate);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trust}, null);
      return new Entry(ctx, trust);
    } catch (GeneralSecurityException | IOException e) {
      throw new ProbeIoException(ProbeIoException.Kind.TLS, "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(TlsSettings settings) throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(settings.caPem().isPresent() ? keyStore(settings.caPem().get()) : null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
  }

  private static @Nullable KeyStore keyStore(String pem) throws GeneralSecurityException, IOException {
    Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the CA file");
    }
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    return ks;
  }

  /**
   * Parses PEM certificates, for validating configuration.
   *
   * @throws IllegalArgumentException with the parser's reason
   */
  static void validatePem(String pem) {
    try {
      keyStore(pem);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot parse the CA certificates: " + e.getMessage(), e);
    }
  }
}

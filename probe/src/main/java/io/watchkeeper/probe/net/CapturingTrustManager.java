package io.watchkeeper.probe.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the certificates each server sent, per socket, then lets the real trust manager decide
 * (or, when verification is off, accepts them): so a probe can report "expired on ..." or "issued
 * by an unknown CA" with the certificate's dates even when the handshake fails. Thread-safe.
 */
final class CapturingTrustManager extends X509ExtendedTrustManager {
  private final @Nullable X509ExtendedTrustManager delegate; // null: accept everything
  private final Map<Socket, X509Certificate[]> chains = Collections.synchronizedMap(new WeakHashMap<>());

  /** @param delegate the trust manager that decides, or null to trust every certificate */
  CapturingTrustManager(@Nullable X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** The certificates the server behind {@code socket} sent, forgetting them; empty if none yet. */
  X509Certificate[] take(Socket socket) {
    X509Certificate[] c = chains.remove(socket);
    return c == null ? new X509Certificate[0] : c;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    chains.put(socket, chain.clone());
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, socket);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType, engine);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (delegate != null) {
      delegate.checkServerTrusted(chain, authType);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a probe does not accept client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
  }
}

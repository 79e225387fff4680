package io.watchkeeper.ingest.scrape;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Builds the TLS set-up of a scrape pool from {@code tls_config}: trusted CAs ({@code ca_file}, else
 * the JDK's), a client certificate ({@code cert_file} + {@code key_file}), {@code
 * insecure_skip_verify}, {@code server_name} (the name the server's certificate must carry;
 * sent as SNI only where the URL host is that name, since the JDK client derives SNI from the URL)
 * and {@code min_version}. Stateless.
 */
final class TlsContexts {
  private TlsContexts() {}

  /** An SSL context and parameters for the HTTP client. */
  record Setup(SSLContext context, SSLParameters parameters) {}

  static Setup create(HttpClientConfig.TlsConfig tls) throws IOException, GeneralSecurityException {
    KeyManager[] keyManagers = null;
    if (!tls.certFile().isEmpty() || !tls.keyFile().isEmpty()) {
      if (tls.certFile().isEmpty() || tls.keyFile().isEmpty()) {
        throw new GeneralSecurityException("tls_config needs both cert_file and key_file for a client certificate");
      }
      List<X509Certificate> chain = Pem.certificates(Path.of(tls.certFile()));
      PrivateKey key = Pem.privateKey(Path.of(tls.keyFile()));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      keyManagers = kmf.getKeyManagers();
    }
    TrustManager[] trustManagers;
    if (tls.insecureSkipVerify()) {
      trustManagers = new TrustManager[] {new TrustAll()};
    } else {
      X509TrustManager base = baseTrustManager(tls.caFile());
      trustManagers = new TrustManager[] {
        tls.serverName().isEmpty() ? base : new ServerNameTrustManager(base, tls.serverName())
      };
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManagers, trustManagers, null);
    SSLParameters params = ctx.getDefaultSSLParameters();
    params.setProtocols(protocols(tls.minVersion()));
    return new Setup(ctx, params);
  }

  private static String[] protocols(String minVersion) throws GeneralSecurityException {
    return switch (minVersion.toUpperCase(Locale.ROOT)) {
      case "", "TLS12" -> new String[] {"TLSv1.3", "TLSv1.2"};
      case "TLS13" -> new String[] {"TLSv1.3"};
      case "TLS11" -> new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1"};
      case "TLS10" -> new String[] {"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"};
      default -> throw new GeneralSecurityException("unknown TLS version: " + minVersion);
    };
  }

  private static X509TrustManager baseTrustManager(String caFile) throws IOException, GeneralSecurityException {
    KeyStore ks = null;
    if (!caFile.isEmpty()) {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : Pem.certificates(Path.of(caFile))) {
        ks.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  /** {@code insecure_skip_verify}: accepts any server certificate and name. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * {@code server_name}: validates the chain with the CAs, then checks the certificate against the
   * configured name instead of the URL's host (Go's {@code VerifyHostname}: subject alternative
   * names only, a wildcard in the leftmost label).
   */
  private static final class ServerNameTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager delegate;
    private final String serverName;

    ServerNameTrustManager(X509TrustManager delegate, String serverName) {
      this.delegate = delegate;
      this.serverName = serverName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
      verifyHostname(chain[0], serverName);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine) throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine) throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  static void verifyHostname(X509Certificate cert, String name) throws CertificateException {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException("cannot read the certificate's subject alternative names", e);
    }
    boolean ip = isIpLiteral(name);
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        if (ip && type == 7 && sameAddress(value, name)) {
          return;
        }
        if (!ip && type == 2 && dnsMatches(value, name)) {
          return;
        }
      }
    }
    throw new CertificateException("certificate is not valid for server_name \"" + name + "\"");
  }

  private static boolean isIpLiteral(String s) {
    return s.indexOf(':') >= 0 || s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    String p = IDN.toASCII(pattern).toLowerCase(Locale.ROOT);
    String h = IDN.toASCII(host).toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
    return p.equals(h);
  }
}

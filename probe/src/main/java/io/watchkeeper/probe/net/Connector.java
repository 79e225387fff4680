package io.watchkeeper.probe.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens probe connections: resolves the host (choosing the address family by {@link
 * AddressPreference}), connects within the deadline and, for TLS, shakes hands with SNI and
 * host-name verification, recording each phase in a {@link ConnectTrace}. Failures become {@link
 * ProbeIoException}s with a reason an operator can act on. Thread-safe.
 */
public final class Connector {
  private final AddressResolver resolver;
  private final TlsContexts tlsContexts = new TlsContexts();

  public Connector(AddressResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Resolves {@code host} and picks the address to use.
   *
   * @throws ProbeIoException of kind DNS
   */
  public InetAddress resolve(String host, AddressPreference preference, Deadline deadline, ConnectTrace trace)
      throws ProbeIoException {
    long start = deadline.nanoTime().getAsLong();
    List<InetAddress> all;
    try {
      all = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new ProbeIoException(ProbeIoException.Kind.DNS, "cannot resolve host " + host + ": unknown host", e);
    } finally {
      trace.resolveNanos += deadline.nanoTime().getAsLong() - start;
    }
    if (deadline.expired()) {
      throw deadline.timedOut("resolving " + host);
    }
    Optional<InetAddress> preferred = all.stream().filter(preference.preferred()::matches).findFirst();
    if (preferred.isPresent()) {
      return preferred.get();
    }
    if (preference.fallback() && !all.isEmpty()) {
      return all.get(0);
    }
    throw new ProbeIoException(ProbeIoException.Kind.DNS, "host " + host + " has no " + preference.preferred().configName()
        + " address" + (all.isEmpty() ? "" : " (it has " + all.get(0).getHostAddress() + "; allow ip_protocol_fallback)"));
  }

  /**
   * Connects to {@code host:port}; with {@code tls}, completes a TLS handshake too. The caller
   * closes the socket.
   */
  public Socket connect(String host, int port, AddressPreference preference, @Nullable TlsSettings tls,
      Deadline deadline, ConnectTrace trace) throws ProbeIoException {
    InetAddress address = resolve(host, preference, deadline, trace);
    trace.address(address);
    Socket socket = connectTcp(address, port, deadline, trace);
    if (tls == null) {
      return socket;
    }
    try {
      return handshake(socket, host, port, tls, deadline, trace);
    } catch (ProbeIoException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private static Socket connectTcp(InetAddress address, int port, Deadline deadline, ConnectTrace trace)
      throws ProbeIoException {
    String where = endpoint(address, port);
    Socket socket = new Socket();
    long start = deadline.nanoTime().getAsLong();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(address, port), deadline.socketTimeoutMillis("before connecting to " + where));
      if (socket.getLocalPort() == port && address.equals(socket.getLocalAddress())) {
        // TCP simultaneous open: with nothing listening on a local port in the ephemeral range, the
        // kernel may hand that very port to us and connect the socket to itself.
        closeQuietly(socket);
        throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "connection refused by " + where
            + " (nothing listens there: the connection reached itself)");
      }
      return socket;
    } catch (ProbeIoException e) {
      closeQuietly(socket);
      throw e;
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new ProbeIoException(ProbeIoException.Kind.TIMEOUT, "timed out after " + Durations.format(deadline.timeout())
          + " connecting to " + where, e);
    } catch (ConnectException e) {
      closeQuietly(socket);
      throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "connection refused by " + where, e);
    } catch (NoRouteToHostException e) {
      closeQuietly(socket);
      throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "no route to " + where, e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ProbeIoException(ProbeIoException.Kind.CONNECT, "cannot connect to " + where + ": " + e.getMessage(), e);
    } finally {
      trace.connectNanos += deadline.nanoTime().getAsLong() - start;
    }
  }

  private SSLSocket handshake(Socket plain, String host, int port, TlsSettings tls, Deadline deadline, ConnectTrace trace)
      throws ProbeIoException {
    TlsContexts.Entry ctx = tlsContexts.get(tls);
    String name = tls.serverName().orElse(host);
    long start = deadline.nanoTime().getAsLong();
    SSLSocket ssl = null;
    try {
      ssl = (SSLSocket) ctx.context().getSocketFactory().createSocket(plain, name, port, true);
      SSLParameters params = ssl.getSSLParameters();
      if (!tls.insecureSkipVerify()) {
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      if (isHostName(name)) {
        params.setServerNames(List.of(new SNIHostName(name)));
      }
      ssl.setSSLParameters(params);
      ssl.setSoTimeout(deadline.socketTimeoutMillis("before the TLS handshake"));
      ssl.startHandshake();
      SSLSession session = ssl.getSession();
      trace.tls(new TlsInfo(Optional.of(session.getProtocol()), Optional.of(session.getCipherSuite()),
          List.of(ctx.trust().take(ssl))));
      return ssl;
    } catch (ProbeIoException e) {
      throw e;
    } catch (IOException e) {
      X509Certificate[] chain = ssl == null ? new X509Certificate[0] : ctx.trust().take(ssl);
      TlsInfo info = new TlsInfo(Optional.empty(), Optional.empty(), List.of(chain));
      trace.tls(info);
      throw tlsFailure(e, name, info, deadline);
    } finally {
      trace.tlsNanos += deadline.nanoTime().getAsLong() - start;
    }
  }

  /** Words for why a handshake failed, from the exception's cause chain. */
  static ProbeIoException tlsFailure(IOException e, String host, TlsInfo info, Deadline deadline) {
    if (e instanceof SocketTimeoutException || deadline.expired()) {
      return new ProbeIoException(ProbeIoException.Kind.TIMEOUT, "timed out after " + Durations.format(deadline.timeout())
          + " during the TLS handshake with " + host, e);
    }
    if (!(e instanceof SSLException)) {
      return new ProbeIoException(ProbeIoException.Kind.RESET, "connection " + lost(e) + " during the TLS handshake with "
          + host, e);
    }
    X509Certificate leaf = info.chain().isEmpty() ? null : info.chain().get(0);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        String when = info.earliestExpiry().map(Object::toString).orElse("an earlier date");
        return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS certificate of " + host + " expired on " + when
            + " (" + info.leafSubject() + ")", e);
      }
      if (t instanceof CertificateNotYetValidException) {
        return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS certificate of " + host + " is not valid yet ("
            + info.leafSubject() + (leaf == null ? "" : ", valid from " + leaf.getNotBefore().toInstant()) + ")", e);
      }
      if (t instanceof CertPathBuilderException) {
        String issuer = leaf == null ? "" : ", issuer " + leaf.getIssuerX500Principal().getName();
        String self = leaf != null && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
            ? "self-signed" : "issued by an unknown CA";
        return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS certificate of " + host + " is not trusted: " + self
            + " (" + info.leafSubject() + issuer + "; set tls_config.ca_file to trust it)", e);
      }
      if (t instanceof CertPathValidatorException v) {
        return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS certificate of " + host + " failed validation: "
            + v.getMessage(), e);
      }
      String m = t.getMessage();
      if (m != null && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
        return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS certificate does not match host " + host + ": " + m
            + " (" + info.leafSubject() + ")", e);
      }
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
      return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS handshake with " + host
          + " failed: the server did not answer in TLS (plain HTTP on an HTTPS port?)", e);
    }
    if (e instanceof SSLHandshakeException && m.contains("closed")) {
      return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS handshake with " + host + " failed: the server closed"
          + " the connection", e);
    }
    return new ProbeIoException(ProbeIoException.Kind.TLS, "TLS handshake with " + host + " failed: " + m, e);
  }

  /** "reset by the server" or "closed by the server", for messages. */
  static String lost(IOException e) {
    if (e instanceof EOFException) {
      return "closed by the server";
    }
    String m = e.getMessage();
    if (e instanceof SocketException && m != null && m.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
      return "reset by the server";
    }
    return "lost (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
  }

  private static boolean isHostName(String name) {
    // SNI carries names, never IP literals (RFC 6066 section 3).
    return !name.isEmpty() && !name.contains(":") && !name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  /** {@code 10.0.0.1:443} or {@code [::1]:443}. */
  public static String endpoint(InetAddress address, int port) {
    String a = address.getHostAddress();
    return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing a failed probe connection: nothing left to report
    }
  }
}

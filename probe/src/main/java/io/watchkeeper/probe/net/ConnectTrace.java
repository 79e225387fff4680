package io.watchkeeper.probe.net;

import java.net.InetAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a probe learned on the way, kept even when a later step fails: phase durations (summed over
 * redirects, as blackbox_exporter sums them), the address used and what TLS showed. Filled by
 * {@link Connector} and {@link HttpProbeClient}; read by the prober afterwards. Not thread-safe:
 * one probe's thread.
 */
public final class ConnectTrace {
  long resolveNanos;
  long connectNanos;
  long tlsNanos;
  long processingNanos;
  long transferNanos;
  private @Nullable InetAddress address;
  private @Nullable TlsInfo tls;

  /** Time spent resolving host names. */
  public long resolveNanos() {
    return resolveNanos;
  }

  /** Time spent establishing TCP connections. */
  public long connectNanos() {
    return connectNanos;
  }

  /** Time spent in TLS handshakes. */
  public long tlsNanos() {
    return tlsNanos;
  }

  /** Time from sending a request to the first byte of its response. */
  public long processingNanos() {
    return processingNanos;
  }

  /** Time reading response headers and bodies. */
  public long transferNanos() {
    return transferNanos;
  }

  /** The address of the last connection attempted. */
  public Optional<InetAddress> address() {
    return Optional.ofNullable(address);
  }

  /** What the last TLS handshake showed, even a failed one. */
  public Optional<TlsInfo> tls() {
    return Optional.ofNullable(tls);
  }

  void address(InetAddress a) {
    this.address = a;
  }

  void tls(TlsInfo t) {
    this.tls = t;
  }
}

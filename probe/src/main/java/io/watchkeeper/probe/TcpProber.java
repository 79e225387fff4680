package io.watchkeeper.probe;

import io.watchkeeper.probe.net.ConnectTrace;
import io.watchkeeper.probe.net.Connector;
import io.watchkeeper.probe.net.Durations;
import io.watchkeeper.probe.net.ProbeIoException;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;

/**
 * Runs a {@link TcpSpec}: connects (and shakes hands over TLS when asked), then closes. Writes
 * {@code probe_dns_lookup_time_seconds}, {@code probe_ip_protocol}, {@code probe_ip_addr_hash}
 * and, with TLS, {@code probe_ssl_earliest_cert_expiry} and {@code probe_tls_version_info}.
 * Thread-safe: immutable.
 */
final class TcpProber implements Prober {
  private final TcpSpec spec;
  private final Connector connector;

  TcpProber(TcpSpec spec, Connector connector) {
    this.spec = spec;
    this.connector = connector;
  }

  @Override
  public ProbeOutcome probe(ProbeContext context, ProbeSamples samples) {
    ConnectTrace trace = new ConnectTrace();
    try (Socket s = connector.connect(spec.host(), spec.port(), spec.ip(), spec.tls() ? spec.tlsSettings() : null,
        context.deadline(), trace)) {
      HttpSamples.connection(samples, trace);
      String ok = "connected to " + Connector.endpoint(s.getInetAddress(), spec.port()) + " in "
          + Durations.formatNanos(trace.connectNanos()) + (spec.tls() ? " with " + trace.tls().flatMap(t -> t.version()).orElse("TLS") : "");
      Optional<ProbeOutcome> expiry = HttpSamples.expiry(trace.tls().orElse(null), spec.host(),
          !spec.tlsSettings().insecureSkipVerify(), context.startedAt(), spec.certExpiryWarningDays());
      if (expiry.isPresent()) {
        ProbeOutcome e = expiry.get();
        return e.failed() ? e : ProbeOutcome.degraded(ok + "; " + e.message());
      }
      return ProbeOutcome.healthy(ok);
    } catch (ProbeIoException e) {
      HttpSamples.connection(samples, trace);
      return ProbeOutcome.failed(e.getMessage());
    } catch (IOException e) {
      // closing the probe socket failed after a successful connect: the check passed
      HttpSamples.connection(samples, trace);
      return ProbeOutcome.healthy("connected to " + spec.host() + ":" + spec.port());
    }
  }
}

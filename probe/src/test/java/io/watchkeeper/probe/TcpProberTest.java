package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.probe.net.AddressPreference;
import io.watchkeeper.probe.net.AddressResolver;
import io.watchkeeper.probe.net.TlsSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpProberTest {
  private final OneShotCheck checks = new OneShotCheck(new Probers(AddressResolver.SYSTEM,
      () -> new InetSocketAddress("127.0.0.1", 53), "Watchkeeper/test", new SplittableRandom(3)), InstantSource.system(),
      System::nanoTime);

  private OneShotCheck.Report check(TcpSpec spec) throws InterruptedException {
    return checks.run(new MonitorConfig("tcp", Duration.ofSeconds(30), Duration.ofSeconds(2), 0, 1, 1, LatencyThresholds.NONE,
        Map.of(), spec));
  }

  @Test
  void connectsToAListeningPort() throws Exception {
    try (FaultServer s = new FaultServer(FaultServer::hang)) {
      OneShotCheck.Report r = check(TcpSpec.of("127.0.0.1", s.port()));

      assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
      assertThat(r.result().message()).startsWith("connected to 127.0.0.1:" + s.port() + " in ");
      assertThat(r.value("probe_ip_protocol")).hasValue(4);
    }
  }

  @Test
  void refusedPortFails() throws Exception {
    try (java.net.Socket reserved = FaultServer.reservedPort()) {
      int port = reserved.getLocalPort();

      OneShotCheck.Report r = check(TcpSpec.of("localhost", port));

      assertThat(r.result().message()).isEqualTo("connection refused by 127.0.0.1:" + port);
    }
  }

  @Test
  void tlsHandshakeReportsTheCertificate() throws Exception {
    Instant now = Instant.now();
    TestCertificates.Issued cert = TestCertificates.localhost(now, now.plus(Duration.ofDays(30)));
    try (TestHttpServer s = TestHttpServer.https(cert.serverContext()).on("/", 200, "ok")) {
      TcpSpec spec = new TcpSpec("localhost", s.port(), true, new TlsSettings(false, Optional.of(cert.pem()), Optional.empty()),
          AddressPreference.DEFAULT, 14);

      OneShotCheck.Report r = check(spec);

      assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
      assertThat(r.result().message()).contains(" with TLSv1.");
      assertThat(r.value("probe_ssl_earliest_cert_expiry")).hasValue(cert.certificate().getNotAfter().toInstant().getEpochSecond());
    }
  }
}

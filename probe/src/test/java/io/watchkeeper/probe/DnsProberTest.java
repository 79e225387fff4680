package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.probe.dns.DnsRecordType;
import io.watchkeeper.probe.dns.FakeDnsServer;
import io.watchkeeper.probe.net.AddressResolver;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNS checks against a DNS server on loopback. */
class DnsProberTest {
  private final FakeDnsServer dns = new FakeDnsServer()
      .add("api.example.com", DnsRecordType.A, "10.0.0.5")
      .add("api.example.com", DnsRecordType.A, "10.0.0.6")
      .add("api.example.com", DnsRecordType.AAAA, "2001:db8::5")
      .add("example.com", DnsRecordType.MX, "10 mail.example.com.")
      .add("example.com", DnsRecordType.TXT, "\"v=spf1 include:_spf.example.com -all\"")
      .add("_sip._tcp.example.com", DnsRecordType.SRV, "0 5 5060 sip.example.com.")
      .add("www.example.com", DnsRecordType.CNAME, "example.com.")
      .add("empty.example.com", DnsRecordType.TXT, "\"only txt\"");
  private final OneShotCheck checks = new OneShotCheck(new Probers(AddressResolver.SYSTEM, dns::address, "Watchkeeper/test",
      new SplittableRandom(5)), InstantSource.system(), System::nanoTime);

  @AfterEach
  void stop() {
    dns.close();
  }

  private OneShotCheck.Report check(String name, DnsRecordType type, DnsSpec.Expectations expect) throws InterruptedException {
    return check(new DnsSpec(name, type, Optional.of("127.0.0.1"), dns.address().getPort(), false, expect), Duration.ofSeconds(2));
  }

  private OneShotCheck.Report check(DnsSpec spec, Duration timeout) throws InterruptedException {
    return checks.run(new MonitorConfig("dns", Duration.ofSeconds(30), timeout, 0, 1, 1, LatencyThresholds.NONE, Map.of(), spec));
  }

  private static DnsSpec.Expectations answers(String... want) {
    return new DnsSpec.Expectations(Set.of("NOERROR"), List.of(want), List.of(), false);
  }

  @Test
  void resolvesAndChecksTheExpectedAnswer() throws Exception {
    OneShotCheck.Report r = check("api.example.com", DnsRecordType.A, answers("10.0.0.6"));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(r.result().message()).startsWith("A api.example.com: 10.0.0.5, 10.0.0.6 in ");
    assertThat(r.value("probe_dns_answer_rrs")).hasValue(2);
    assertThat(r.value("probe_dns_query_succeeded")).hasValue(1);
    assertThat(r.value("probe_dns_lookup_time_seconds")).isPresent();
    assertThat(r.value("probe_ip_protocol")).hasValue(4);
  }

  @Test
  void everyRecordTypeTheSeedsNeed() throws Exception {
    assertThat(check("api.example.com", DnsRecordType.AAAA, answers("2001:db8:0:0:0:0:0:5")).result().verdict())
        .isEqualTo(Status.HEALTHY);
    assertThat(check("example.com", DnsRecordType.MX, answers("10 MAIL.example.com")).result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(check("example.com", DnsRecordType.TXT, new DnsSpec.Expectations(Set.of("NOERROR"), List.of(),
        List.of("v=spf1 .* -all"), false)).result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(check("_sip._tcp.example.com", DnsRecordType.SRV, answers("0 5 5060 sip.example.com")).result().verdict())
        .isEqualTo(Status.HEALTHY);
    assertThat(check("www.example.com", DnsRecordType.CNAME, answers("example.com")).result().verdict()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void wrongAnswerNxdomainAndEmptyAnswersFail() throws Exception {
    assertThat(check("api.example.com", DnsRecordType.A, answers("10.0.0.9")).result().message())
        .isEqualTo("A api.example.com answered 10.0.0.5, 10.0.0.6, which lacks 10.0.0.9");
    assertThat(check("nope.example.com", DnsRecordType.A, DnsSpec.Expectations.DEFAULT).result().message())
        .isEqualTo("NXDOMAIN for A nope.example.com (expected NOERROR)");
    assertThat(check("empty.example.com", DnsRecordType.A, DnsSpec.Expectations.DEFAULT).result().message())
        .isEqualTo("no A records for empty.example.com");
    assertThat(check("nope.example.com", DnsRecordType.A, new DnsSpec.Expectations(Set.of("NXDOMAIN"), List.of(), List.of(), true))
        .result().verdict()).isEqualTo(Status.HEALTHY);
  }

  @Test
  void truncatedUdpAnswerIsRetriedOverTcp() throws Exception {
    dns.truncateUdp = true;

    OneShotCheck.Report r = check("api.example.com", DnsRecordType.A, answers("10.0.0.5"));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
    assertThat(dns.tcpQueries.get()).isEqualTo(1);
  }

  @Test
  void silentServerTimesOut() throws Exception {
    dns.silent = true;

    OneShotCheck.Report r = check(new DnsSpec("api.example.com", DnsRecordType.A, Optional.of("127.0.0.1"), dns.address().getPort(),
        false, DnsSpec.Expectations.DEFAULT), Duration.ofMillis(200));

    assertThat(r.result().message()).isEqualTo("timed out after 200ms waiting for the DNS answer from 127.0.0.1:" + dns.address().getPort());
    assertThat(r.value("probe_dns_query_succeeded")).hasValue(0);
  }

  @Test
  void withoutAServerTheSystemOneIsAsked() throws Exception {
    OneShotCheck.Report r = check(DnsSpec.of("api.example.com", DnsRecordType.A), Duration.ofSeconds(2));

    assertThat(r.result().verdict()).isEqualTo(Status.HEALTHY);
  }
}

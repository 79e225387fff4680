package io.watchkeeper.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The production scheduler (virtual-thread timer, real probers and sockets) with faulty hosts next
 * to a healthy one: each fault gets its own clear reason, and the healthy monitor keeps its
 * one-second schedule while the others hang, trickle, flood or fail their TLS handshake.
 */
class FaultIsolationTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMillis(800);

  private static MonitorConfig http(String name, String url) {
    return MonitorConfig.of(name, HttpSpec.get(url)).withSchedule(INTERVAL, TIMEOUT).withThresholds(1, 1);
  }

  @Test
  void faultyHostsFailWithTheirReasonAndNeverDelayAHealthyMonitor() throws Exception {
    Instant now = Instant.now();
    TestCertificates.Issued selfSigned = TestCertificates.localhost(now, now.plus(Duration.ofDays(100)));
    RecordingAppendable samples = new RecordingAppendable();
    try (TestHttpServer ok = TestHttpServer.http().on("/", 200, "ok");
        TestHttpServer badCert = TestHttpServer.https(selfSigned.serverContext()).on("/", 200, "ok");
        FaultServer hang = new FaultServer(FaultServer::hang);
        FaultServer reset = new FaultServer(s -> {
          FaultServer.readRequest(s);
          FaultServer.reset(s);
        });
        FaultServer flood = new FaultServer(s -> {
          FaultServer.readRequest(s);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[8192];
          while (true) {
            out.write(chunk);
          }
        });
        FaultServer trickle = new FaultServer(s -> {
          FaultServer.readRequest(s);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          while (true) {
            out.write('x');
            out.flush();
            Thread.sleep(5);
          }
        });
        ProbeScheduler scheduler = new ProbeScheduler(ProbeSchedulerOptions.standard(samples, new InMemoryStatusHistory(),
            new PrometheusRegistry(), "test"))) {
      scheduler.applyConfig(List.of(
          http("healthy", ok.url("/")),
          http("hang", hang.url("http", "/")),
          http("reset", reset.url("http", "/")),
          http("flood", flood.url("http", "/")),
          http("trickle", trickle.url("http", "/")),
          http("badcert", badCert.url("/"))));
      scheduler.start();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Map<String, MonitorState> st = scheduler.states().stream()
            .collect(Collectors.toMap(MonitorState::name, Function.identity()));
        assertThat(st.get("healthy").status()).isEqualTo(Status.HEALTHY);
        assertThat(st.get("hang").reason()).startsWith("timed out after 800ms waiting for the response");
        assertThat(st.get("reset").reason()).isEqualTo("connection reset by the server while waiting for the response");
        assertThat(st.get("flood").reason()).contains("exceeds the limit");
        assertThat(st.get("trickle").reason()).startsWith("timed out after 800ms reading the response body");
        assertThat(st.get("badcert").reason()).contains("is not trusted");
        for (String faulty : List.of("hang", "reset", "flood", "trickle", "badcert")) {
          assertThat(st.get(faulty).status()).as(faulty).isEqualTo(Status.UNHEALTHY);
        }
      });

      // let every fault run through several of its own timeouts, then look at the healthy schedule
      int before = samples.series("probe_success", "monitor", "healthy").size();
      await().atMost(Duration.ofSeconds(20)).until(() -> samples.series("probe_success", "monitor", "healthy").size() >= before + 5);
      List<Long> times = samples.series("probe_success", "monitor", "healthy").stream()
          .map(RecordingAppendable.Written::t).toList();
      for (int i = 1; i < times.size(); i++) {
        assertThat(times.get(i) - times.get(i - 1)).as("gap before check %d of %s", i, times)
            .isBetween(INTERVAL.toMillis() - 300, INTERVAL.toMillis() + 300); // on schedule: no slot skipped
      }
      assertThat(samples.series("probe_success", "monitor", "healthy")).allSatisfy(w -> assertThat(w.v()).isEqualTo(1.0));
    }
  }
}

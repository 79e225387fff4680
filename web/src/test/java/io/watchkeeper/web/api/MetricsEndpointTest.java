package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
    Counter.builder().name("test_events_total").help("Events seen by the test.").register(server.registry).inc(3);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesTheRegistryInPrometheusTextByDefault() {
    HttpResponse<String> r = server.get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body())
        .contains("# HELP test_events_total Events seen by the test.\n# TYPE test_events_total counter\ntest_events_total 3.0\n")
        .contains("# TYPE watchkeeper_http_request_duration_seconds histogram");
  }

  @Test
  void negotiatesOpenMetrics() {
    HttpResponse<String> r = server.get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");

    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).contains("test_events_total 3.0\n").endsWith("# EOF\n");
  }

  @Test
  void answersTextToAPrometheusThatPrefersProtobuf() {
    HttpResponse<String> r =
        server.get(
            "/metrics",
            "Accept",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.1");

    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).contains("test_events_total 3.0\n");
  }

  @Test
  void filtersByName() {
    HttpResponse<String> r = server.get("/metrics?name[]=test_events_total");

    assertThat(r.body()).contains("test_events_total 3.0").doesNotContain("watchkeeper_");
  }
}

package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifecycleApiTest {
  private final TestServer server = new TestServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthyAnswersAlways() {
    server.ready.set(false);
    HttpResponse<String> r = server.get("/-/healthy");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("Watchkeeper is Healthy.\n");
  }

  @Test
  void readyAnswers503UntilReadyAndGatesTheApi() {
    server.ready.set(false);
    HttpResponse<String> notReady = server.get("/-/ready");
    HttpResponse<String> query = server.get("/api/v1/query?query=up");
    HttpResponse<String> metrics = server.get("/metrics");

    server.ready.set(true);
    HttpResponse<String> ready = server.get("/-/ready");

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("Service Unavailable");
    assertThat(query.statusCode()).isEqualTo(503);
    assertThat(query.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"Service Unavailable\"}");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("Watchkeeper is Ready.\n");
  }

  @Test
  void reloadAppliesTheConfigurationOnPostAndPut() {
    HttpResponse<String> post = server.send("POST", "/-/reload", new byte[0]);
    HttpResponse<String> put = server.send("PUT", "/-/reload", new byte[0]);

    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.body()).isEmpty();
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(server.reloads.get()).isEqualTo(2);
  }

  @Test
  void aRejectedReloadAnswers500WithTheReason() {
    server.reloadOutcome.set(Optional.of("watchkeeper.yml:3: scrape_configs[0].scrape_interval: must be > 0, got -5s"));

    HttpResponse<String> r = server.send("POST", "/-/reload", new byte[0]);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body())
        .isEqualTo("failed to reload config: watchkeeper.yml:3: scrape_configs[0].scrape_interval: must be > 0, got -5s\n");
  }

  @Test
  void reloadRefusesGet() {
    HttpResponse<String> r = server.get("/-/reload");

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST, PUT");
    assertThat(r.body()).isEqualTo("Only POST or PUT requests allowed\n");
    assertThat(server.reloads.get()).isZero();
  }

  @Test
  void flushPersistsTheHead() {
    HttpResponse<String> r = server.send("POST", "/api/v1/admin/tsdb/flush", new byte[0]);

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(server.flushes.get()).isEqualTo(1);
  }

  @Test
  void aFailedFlushIsAnInternalError() {
    server.flushFailure.set("disk full");

    HttpResponse<String> r = server.send("PUT", "/api/v1/admin/tsdb/flush", new byte[0]);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"cannot flush head: disk full\"}");
  }

  @Test
  void importHandsTheBodyAndContentTypeToTheImporter() {
    server.importOutcome.set(ImportSummary.completed(2, 0));
    byte[] body = "# TYPE up gauge\nup{job=\"a\"} 1 1700000000000\nup{job=\"b\"} 0 1700000000000\n".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r = server.send("POST", "/api/v1/import", body, "Content-Type", "text/plain; version=0.0.4");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"samplesImported\":2,\"samplesRejected\":0}}");
    assertThat(server.imported).containsExactly("text/plain; version=0.0.4\n" + new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void importReportsRejectedSamplesAsAWarningAndParseErrorsAsBadData() {
    server.importOutcome.set(ImportSummary.completed(5, 2));
    HttpResponse<String> partial = server.send("POST", "/api/v1/import", "x".getBytes(StandardCharsets.UTF_8));
    server.importOutcome.set(
        ImportSummary.failed(0, ImportSummary.Kind.INVALID, "line 3: expected a value after the labels, got \"}\"", null));
    HttpResponse<String> bad = server.send("POST", "/api/v1/import", "x".getBytes(StandardCharsets.UTF_8));

    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"samplesImported\":5,\"samplesRejected\":2},"
                + "\"warnings\":[\"2 samples rejected by the storage (out of order, out of bounds or duplicate)\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body())
        .isEqualTo(
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"line 3: expected a value after the labels, got \\\"}\\\"\","
                + "\"data\":{\"samplesImported\":0,\"samplesRejected\":0}}");
  }
}

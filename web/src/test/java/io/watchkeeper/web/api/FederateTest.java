package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.StaleMarker;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FederateTest {
  private static final long NOW = TestServer.NOW.toEpochMilli();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
    server.externalLabels.set(Labels.of("cluster", "eu1"));
    Labels upA = Labels.of("__name__", "up", "job", "node", "instance", "a");
    server.add(upA, NOW - 20_000, 0);
    server.add(upA, NOW - 5_000, 1);
    Labels upB = Labels.of("__name__", "up", "job", "node", "instance", "b");
    server.add(upB, NOW - 20_000, 1);
    server.add(upB, NOW - 5_000, StaleMarker.STALE_NAN);
    server.add(Labels.of("__name__", "node_load1", "job", "node"), NOW - 1_000, 1234567);
    server.add(Labels.of("__name__", "process_start_time_seconds", "job", "node", "instance", "a"), NOW - 5_000, 1.7e9);
    server.add(Labels.of("__name__", "weird", "job", "node", "path", "C:\\dir\n\"x\""), NOW - 5_000, Double.NaN);
    server.add(Labels.of("__name__", "gone", "job", "node"), NOW - 6 * 60_000, 1);
    server.add(Labels.of("__name__", "future", "job", "node"), NOW + 60_000, 1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesTheLatestSampleOfEveryMatchingSeriesAsText() {
    HttpResponse<String> r = server.get(TestServer.query("/federate", "match[]", "up", "match[]", "{job=\"node\"}"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).isEqualTo(Goldens.text("federate.txt"));
  }

  @Test
  void takesFormPosts() {
    assertThat(server.postForm("/federate", "match[]", "{job=\"node\"}").body()).isEqualTo(Goldens.text("federate.txt"));
  }

  @Test
  void answersNothingWithoutMatch() {
    HttpResponse<String> r = server.get("/federate");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void badSelectorsAreBadRequests() {
    HttpResponse<String> parse = server.get(TestServer.query("/federate", "match[]", "up{"));
    HttpResponse<String> empty = server.get(TestServer.query("/federate", "match[]", "{job=~\".*\"}"));

    assertThat(parse.statusCode()).isEqualTo(400);
    assertThat(parse.body()).isEqualTo("1:4: parse error: unexpected end of input inside braces\n");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).isEqualTo("match[] must contain at least one non-empty matcher\n");
  }
}

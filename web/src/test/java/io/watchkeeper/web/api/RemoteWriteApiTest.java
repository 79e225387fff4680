package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.web.WebOptions;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

class RemoteWriteApiTest {
  private static final long NOW = TestServer.NOW.toEpochMilli();
  private static final String[] HEADERS = {
    "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0"
  };

  private TestServer server =
      new TestServer(
          new ApiOptions(Duration.ofMinutes(2), Duration.ofMinutes(5), 64 << 10, 256 << 10, 1 << 20),
          WebOptions.of("127.0.0.1", 0).withStopTimeout(Duration.ZERO));

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> write(byte[] body, String... headers) {
    return server.send("POST", "/api/v1/write", body, headers);
  }

  @Test
  void appendsTheSamplesAndAnswersNoContent() {
    byte[] body =
        new RemoteWriteBodies()
            .sample(NOW - 1000, 1, "__name__", "up", "instance", "a:9100", "job", "node")
            .sample(NOW - 1000, 0.5, "job", "node", "__name__", "load1", "instance", "a:9100")
            .snappy();

    HttpResponse<String> r = write(body, HEADERS);

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("2");
    assertThat(server.get(TestServer.query("/api/v1/query", "query", "load1")).body())
        .contains("{\"metric\":{\"__name__\":\"load1\",\"instance\":\"a:9100\",\"job\":\"node\"},\"value\":[1700000000,\"0.5\"]}");
    assertThat(server.get("/metrics").body()).contains("watchkeeper_remote_write_samples_total{outcome=\"appended\"} 2.0");
  }

  @Test
  void takesRequestsWithoutContentTypeOrEncodingAsVersionOne() {
    HttpResponse<String> r = write(new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").snappy());

    assertThat(r.statusCode()).isEqualTo(204);
  }

  @Test
  void takesAChunkedBody() {
    byte[] body = new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").snappy();
    HttpResponse<String> r =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/write"))
                .headers(HEADERS)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

    assertThat(r.statusCode()).isEqualTo(204);
  }

  @Test
  void aCorruptSnappyBodyIsBadRequestAndTheServerKeepsWorking() {
    HttpResponse<String> r = write("definitely not snappy".getBytes(StandardCharsets.UTF_8), HEADERS);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).startsWith("cannot decompress body: not a valid snappy block");
    assertThat(write(new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").snappy(), HEADERS).statusCode()).isEqualTo(204);
  }

  @Test
  void anEmptyBodyIsBadRequest() {
    HttpResponse<String> r = write(new byte[0], HEADERS);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("cannot decompress body: not a valid snappy block");
  }

  @Test
  void snappyThatHoldsNoWriteRequestIsBadRequest() throws Exception {
    byte[] proto = new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").proto();
    byte[] truncated = Snappy.compress(java.util.Arrays.copyOf(proto, proto.length - 4));

    HttpResponse<String> r = write(truncated, HEADERS);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("cannot decode body as a remote-write WriteRequest: ");
    assertThat(server.storage.seriesCount()).isZero();
  }

  @Test
  void invalidLabelsAreBadRequestButTheValidSeriesAreKept() {
    byte[] body =
        new RemoteWriteBodies()
            .sample(NOW, 1, "__name__", "up", "job", "a", "job", "b")
            .sample(NOW, 1, "__name__", "up", "job", "c")
            .sample(NOW, 1, "__name__", "up", "bad-name", "x")
            .snappy();

    HttpResponse<String> r = write(body, HEADERS);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "2 of 3 samples rejected: duplicate label name \"job\" in series {__name__=\"up\", job=\"a\", job=\"b\"}; "
                + "invalid label name \"bad-name\" in series {__name__=\"up\", bad-name=\"x\"}\n");
    assertThat(server.storage.seriesCount()).isEqualTo(1);
  }

  @Test
  void outOfOrderSamplesAreBadRequestSoThatSendersDoNotRetry() {
    write(new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").snappy(), HEADERS);

    HttpResponse<String> r = write(new RemoteWriteBodies().sample(NOW - 60_000, 1, "__name__", "up").snappy(), HEADERS);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("1 of 1 samples rejected: out of order sample for series {__name__=\"up\"} at timestamp 1699999940000\n");
    assertThat(server.get("/metrics").body()).contains("watchkeeper_remote_write_samples_total{outcome=\"rejected\"} 1.0");
  }

  @Test
  void aBodyOverTheLimitIsTooLarge() {
    HttpResponse<String> r = write(new byte[(64 << 10) + 1], HEADERS);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("request body of 65537 bytes exceeds the limit of 65536 bytes\n");
  }

  @Test
  void aChunkedBodyOverTheLimitIsTooLarge() {
    byte[] big = new byte[(64 << 10) + 1];
    HttpResponse<String> r =
        server.send(
            HttpRequest.newBuilder(server.uri("/api/v1/write"))
                .headers(HEADERS)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("request body exceeds the limit of 65536 bytes\n");
  }

  @Test
  void aBodyThatDecompressesBeyondTheLimitIsTooLarge() throws Exception {
    byte[] body = Snappy.compress(new byte[(256 << 10) + 1]); // a few KiB compressed

    HttpResponse<String> r = write(body, HEADERS);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).isEqualTo("decompressed body of 262145 bytes exceeds the limit of 262144 bytes\n");
  }

  static Stream<Arguments> unsupportedFormats() {
    return Stream.of(
        Arguments.of(
            new String[] {"Content-Type", "application/json"},
            "expected application/x-protobuf as the first (media) part, got application/json content-type"),
        Arguments.of(
            new String[] {"Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request"},
            "io.prometheus.write.v2.Request protobuf message is not accepted by this server; accepted [prometheus.WriteRequest]"),
        Arguments.of(
            new String[] {"Content-Type", "application/x-protobuf; proto=prometheus.WriteRequest", "Content-Encoding", "zstd"},
            "zstd encoding (compression) is not accepted by this server; only snappy is acceptable"));
  }

  @ParameterizedTest
  @MethodSource("unsupportedFormats")
  void otherFormatsAreUnsupportedMediaTypes(String[] headers, String message) {
    HttpResponse<String> r = write(new RemoteWriteBodies().sample(NOW, 1, "__name__", "up").snappy(), headers);

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).isEqualTo(message + "\n");
    assertThat(server.storage.seriesCount()).isZero();
  }

  @Test
  void getIsNotAllowed() {
    HttpResponse<String> r = server.get("/api/v1/write");

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).isEqualTo("Only POST requests allowed\n");
  }
}

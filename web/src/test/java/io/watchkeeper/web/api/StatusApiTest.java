package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusApiTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void buildInfoHasPrometheusFields() {
    HttpResponse<String> r = server.get("/api/v1/status/buildinfo");

    assertThat(r.statusCode()).isEqualTo(200);
    Goldens.assertJson(r.body(), "buildinfo.json");
  }

  @Test
  void configAndFlagsAreServedAsPrometheusServesThem() {
    Goldens.assertJson(server.get("/api/v1/status/config").body(), "config.json");
    Goldens.assertJson(server.get("/api/v1/status/flags").body(), "flags.json");
  }

  @Test
  void runtimeInfoHasPrometheusFieldsWithJvmFigures() throws Exception {
    JsonNode data = new ObjectMapper().readTree(server.get("/api/v1/status/runtimeinfo").body()).get("data");

    assertThat(data.get("startTime").asText()).isEqualTo("2023-11-14T20:00:00.5Z");
    assertThat(data.get("CWD").asText()).isEqualTo("/srv/watchkeeper");
    assertThat(data.get("hostname").asText()).isEqualTo("host1");
    assertThat(data.get("serverTime").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(data.get("reloadConfigSuccess").asBoolean()).isTrue();
    assertThat(data.get("lastConfigTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(data.get("corruptionCount").asLong()).isZero();
    assertThat(data.get("goroutineCount").asInt()).isPositive();
    assertThat(data.get("GOMAXPROCS").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(data.get("GOMEMLIMIT").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
    assertThat(data.get("storageRetention").asText()).isEqualTo("15d");
  }
}

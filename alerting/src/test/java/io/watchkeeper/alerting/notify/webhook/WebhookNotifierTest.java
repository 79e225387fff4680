package io.watchkeeper.alerting.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.5Z");
  private final HttpStub stub = new HttpStub();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    stub.close();
  }

  private static Notification notification(int alerts) {
    List<NotifiedAlert> list = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      list.add(new NotifiedAlert(false, Labels.of("alertname", "Down", "instance", "h" + i, "job", "api"),
          Labels.of("summary", "<down> & out"), T0, TrackedAlert.ZERO_TIME, "http://wk/graph", 42L + i));
    }
    return new Notification("ops", "{}:{alertname=\"Down\"}", Labels.of("alertname", "Down"), list, "http://wk:9095");
  }

  @Test
  void payloadIsAlertmanagersVersionFourExactly() {
    String json = new String(WebhookPayload.encode(notification(1), 0), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"receiver\":\"ops\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\"Down\",\"instance\":\"h0\",\"job\":\"api\"},"
        + "\"annotations\":{\"summary\":\"\\u003cdown\\u003e \\u0026 out\"},\"startsAt\":\"2024-03-01T10:00:00.5Z\","
        + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://wk/graph\",\"fingerprint\":\"000000000000002a\"}],"
        + "\"groupLabels\":{\"alertname\":\"Down\"},\"commonLabels\":{\"alertname\":\"Down\",\"instance\":\"h0\",\"job\":\"api\"},"
        + "\"commonAnnotations\":{\"summary\":\"\\u003cdown\\u003e \\u0026 out\"},\"externalURL\":\"http://wk:9095\","
        + "\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Down\\\"}\",\"truncatedAlerts\":0}\n");
  }

  @Test
  void maxAlertsTruncatesTheAlertsSentAndCountsTheRest() throws Exception {
    WebhookConfig config = new WebhookConfig(Secret.of(stub.uri("/h").toString()), true, 2, Optional.empty(), Optional.empty(),
        Duration.ofSeconds(5));
    new WebhookNotifier(config, client).notify(notification(5));

    JsonNode body = new ObjectMapper().readTree(stub.requests.get(0).body());
    assertThat(body.get("alerts")).hasSize(2);
    assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(3);
    assertThat(body.get("commonLabels").has("instance")).isFalse();
    assertThat(body.get("status").asText()).isEqualTo("firing");
  }

  /** Alertmanager 0.25 builds status and common labels from the truncated list (found by AlertmanagerDifferentialTest). */
  @Test
  void statusAndCommonLabelsAreThoseOfTheAlertsLeftAfterMaxAlerts() throws Exception {
    List<NotifiedAlert> alerts = List.of(
        new NotifiedAlert(true, Labels.of("alertname", "Many", "instance", "1", "zone", "x"), Labels.of("summary", "same"),
            T0, T0.plusSeconds(60), "", 1L),
        new NotifiedAlert(true, Labels.of("alertname", "Many", "instance", "2", "zone", "x"), Labels.of("summary", "same"),
            T0, T0.plusSeconds(60), "", 2L),
        new NotifiedAlert(false, Labels.of("alertname", "Many", "instance", "3", "zone", "y"), Labels.of("summary", "other"),
            T0, TrackedAlert.ZERO_TIME, "", 3L));
    Notification n = new Notification("ops", "{}:{alertname=\"Many\"}", Labels.of("alertname", "Many"), alerts, "http://wk");

    JsonNode body = new ObjectMapper().readTree(WebhookPayload.encode(n, 2));

    assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(1);
    assertThat(body.get("alerts")).extracting(a -> a.at("/labels/instance").asText()).containsExactly("1", "2");
    assertThat(body.get("status").asText()).isEqualTo("resolved");
    assertThat(body.get("commonLabels").get("zone").asText()).isEqualTo("x");
    assertThat(body.get("commonAnnotations").get("summary").asText()).isEqualTo("same");
    JsonNode whole = new ObjectMapper().readTree(WebhookPayload.encode(n, 0));
    assertThat(whole.get("status").asText()).isEqualTo("firing");
    assertThat(whole.get("commonLabels").has("zone")).isFalse();
  }

  @Test
  void basicAuthAndBearerAuthorizationAreSent() throws Exception {
    new WebhookNotifier(new WebhookConfig(Secret.of(stub.uri("/h").toString()), true, 0,
        Optional.of(new WebhookConfig.BasicAuth("user", Secret.of("pw"))), Optional.empty(), Duration.ofSeconds(5)), client)
        .notify(notification(1));
    new WebhookNotifier(new WebhookConfig(Secret.of(stub.uri("/h").toString()), true, 0, Optional.empty(),
        Optional.of(new WebhookConfig.Authorization("Bearer", Secret.of("t0k3n"))), Duration.ofSeconds(5)), client)
        .notify(notification(1));

    assertThat(stub.requests.get(0).header("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("user:pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(stub.requests.get(1).header("Authorization")).isEqualTo("Bearer t0k3n");
  }

  @Test
  void configNeverPrintsTheUrl() {
    WebhookConfig c = WebhookConfig.of("https://hooks.example.com/services/T000/B000/XXXX");
    assertThat(c.toString()).doesNotContain("XXXX").contains("<secret>");
  }
}

package io.watchkeeper.alerting.notify.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifierContractTest;
import io.watchkeeper.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

class OpsgenieContractTest extends NotifierContractTest {
  @Override
  protected Notifier notifier(URI target, Duration timeout) {
    return new OpsgenieNotifier(OpsgenieConfig.of(Secret.of("genie-key"), target.toString(), timeout),
        HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  @Override
  protected void assertDelivered(HttpStub.Request request, Notification sent) {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    try {
      JsonNode body = new ObjectMapper().readTree(request.body());
      assertThat(request.path()).isEqualTo("/hook/v2/alerts");
      assertThat(request.header("Authorization")).isEqualTo("GenieKey genie-key");
      assertThat(body.path("alias").asText()).isEqualTo(sent.groupKeyHash());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

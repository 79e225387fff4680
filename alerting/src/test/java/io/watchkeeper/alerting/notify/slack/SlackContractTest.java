package io.watchkeeper.alerting.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.Notifier;
import io.watchkeeper.alerting.notify.NotifierContractTest;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

class SlackContractTest extends NotifierContractTest {
  @Override
  protected Notifier notifier(URI target, Duration timeout) {
    return new SlackNotifier(SlackConfig.builder(Secret.of(target.toString())).channel(
        MessageTemplate.parse("#alerts")).timeout(timeout).build(),
        HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  @Override
  protected void assertDelivered(HttpStub.Request request, Notification sent) {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hook");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    try {
      JsonNode body = new ObjectMapper().readTree(request.body());
      assertThat(body.path("channel").asText()).isEqualTo("#alerts");
      assertThat(body.path("attachments").get(0).path("title").asText()).isEqualTo("[FIRING:1] HighErrorRate (critical)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

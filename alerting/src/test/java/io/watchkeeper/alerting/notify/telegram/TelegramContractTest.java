package io.watchkeeper.alerting.notify.telegram;

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

class TelegramContractTest extends NotifierContractTest {
  @Override
  protected Notifier notifier(URI target, Duration timeout) {
    return new TelegramNotifier(TelegramConfig.of(target.toString(), Secret.of("123:ABC"), -1001234L, timeout),
        HttpClient.newBuilder().connectTimeout(timeout).build());
  }

  @Override
  protected void assertDelivered(HttpStub.Request request, Notification sent) {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    try {
      JsonNode body = new ObjectMapper().readTree(request.body());
      assertThat(request.path()).isEqualTo("/hook/bot123:ABC/sendMessage");
      assertThat(body.path("chat_id").asLong()).isEqualTo(-1001234L);
      assertThat(body.path("parse_mode").asText()).isEqualTo("HTML");
      assertThat(body.path("text").asText()).contains("Alerts Firing:");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

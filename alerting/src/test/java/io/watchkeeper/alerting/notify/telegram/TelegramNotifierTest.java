package io.watchkeeper.alerting.notify.telegram;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.lastBody;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelegramNotifierTest {
  private final HttpStub stub = new HttpStub();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void sendMessageEscapesValuesInHtmlModeAndSetsTheChatAndThread() throws Exception {
    stub.responseBody = "{\"ok\":true,\"result\":{\"message_id\":1}}";
    TelegramConfig c = new TelegramConfig(stub.uri("").toString(), Secret.of("42:SECRET"), -100L, 7, MessageTemplate.named(
        "telegram.default.message"), true, "HTML", true, Duration.ofSeconds(5));

    new TelegramNotifier(c, client).notify(notification(alert(false, "critical", "a")));

    assertThat(stub.requests.get(0).path()).isEqualTo("/bot42:SECRET/sendMessage");
    JsonNode body = lastBody(stub);
    assertThat(body.path("chat_id").asLong()).isEqualTo(-100L);
    assertThat(body.path("message_thread_id").asLong()).isEqualTo(7);
    assertThat(body.path("disable_notification").asBoolean()).isTrue();
    assertThat(body.path("text").asText()).contains(" - summary = API &lt;down&gt; on a");
  }

  @Test
  void plainModeSendsTextAsIs() throws Exception {
    TelegramConfig c = new TelegramConfig(stub.uri("/").toString(), Secret.of("42:S"), 5, 0, MessageTemplate.parse(
        "{{ .CommonAnnotations.summary }}"), false, "", true, Duration.ofSeconds(5));

    new TelegramNotifier(c, client).notify(notification(alert(false, "critical", "a")));

    JsonNode body = lastBody(stub);
    assertThat(body.path("text").asText()).isEqualTo("API <down> on a");
    assertThat(body.has("parse_mode")).isFalse();
    assertThat(body.has("message_thread_id")).isFalse();
  }

  @Test
  void errorsCarryTelegramsDescriptionButNeverTheToken() {
    stub.status = 400;
    stub.responseBody = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}";
    TelegramNotifier t = new TelegramNotifier(TelegramConfig.of(stub.uri("").toString(), Secret.of("42:SECRET"), 1, Duration.ofSeconds(5)),
        client);

    assertThatThrownBy(() -> t.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("chat not found").hasMessageNotContaining("SECRET");
  }
}

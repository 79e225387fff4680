package io.watchkeeper.alerting.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.NotifyException;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private final HttpStub stub = new HttpStub();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    stub.close();
  }

  private static NotifiedAlert alert(boolean resolved, String severity, String instance) {
    return new NotifiedAlert(resolved, Labels.of("alertname", "ApiDown", "instance", instance, "severity", severity),
        Labels.of("summary", "API <down> on " + instance, "runbook_url", "https://runbooks.example.com/api-down"), T0,
        resolved ? T0.plusSeconds(60) : TrackedAlert.ZERO_TIME, "http://wk:9095/graph?g0.expr=up", 1L);
  }

  private static Notification notification(NotifiedAlert... alerts) {
    return new Notification("chat", "{}:{alertname=\"ApiDown\"}", Labels.of("alertname", "ApiDown"), List.of(alerts),
        "http://wk:9095");
  }

  private JsonNode send(SlackConfig config, Notification n) throws Exception {
    new SlackNotifier(config, client).notify(n);
    return new ObjectMapper().readTree(stub.requests.get(stub.requests.size() - 1).body());
  }

  @Test
  void firingCriticalMessageIsRedWithTitleTextRunbookAndLink() throws Exception {
    JsonNode body = send(SlackConfig.of(Secret.of(stub.uri("/services/T/B/X").toString())), notification(alert(false, "critical", "a")));

    JsonNode a = body.path("attachments").get(0);
    assertThat(body.path("username").asText()).isEqualTo("Watchkeeper");
    assertThat(a.path("title").asText()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(a.path("title_link").asText()).isEqualTo("http://wk:9095/#/alerts?receiver=chat");
    assertThat(a.path("color").asText()).isEqualTo("#e01e5a");
    assertThat(a.path("text").asText())
        .contains("*[FIRING]* API &lt;down&gt; on a - `critical`")
        .contains("*Runbook:* <https://runbooks.example.com/api-down|:notebook: runbook>")
        .contains("*Source:* <http://wk:9095/graph?g0.expr=up|graph>");
    assertThat(a.path("fallback").asText()).isEqualTo("[FIRING:1] ApiDown (a critical) | http://wk:9095/#/alerts?receiver=chat");
    assertThat(a.path("mrkdwn_in")).extracting(JsonNode::asText).containsExactly("fallback", "pretext", "text");
  }

  @Test
  void warningIsOrangeAndResolvedIsGreenWithAResolveMessage() throws Exception {
    SlackConfig c = SlackConfig.builder(Secret.of(stub.uri("/h").toString())).sendResolved(true).build();

    JsonNode warning = send(c, notification(alert(false, "warning", "a")));
    JsonNode resolved = send(c, notification(alert(true, "warning", "a")));

    assertThat(warning.path("attachments").get(0).path("color").asText()).isEqualTo("#f2a33a");
    JsonNode r = resolved.path("attachments").get(0);
    assertThat(r.path("color").asText()).isEqualTo("#2eb886");
    assertThat(r.path("title").asText()).isEqualTo("[RESOLVED] ApiDown (a warning)");
    assertThat(r.path("text").asText()).startsWith(":white_check_mark: *Resolved*: all 1 alert of this group stopped firing.")
        .contains("*[RESOLVED]* API &lt;down&gt; on a");
  }

  @Test
  void configuredTemplatesReplaceTheDefaults() throws Exception {
    SlackConfig c = SlackConfig.builder(Secret.of(stub.uri("/h").toString()))
        .channel(MessageTemplate.parse("#alerts-{{ .CommonLabels.severity }}"))
        .title(MessageTemplate.parse("{{ .Status | toUpper }}: {{ .CommonAnnotations.summary }}"))
        .text(MessageTemplate.parse("{{ len .Alerts.Firing }} firing"))
        .color(MessageTemplate.parse("danger"))
        .build();

    JsonNode body = send(c, notification(alert(false, "critical", "a"), alert(false, "critical", "b")));

    assertThat(body.path("channel").asText()).isEqualTo("#alerts-critical");
    JsonNode a = body.path("attachments").get(0);
    assertThat(a.path("title").asText()).isEqualTo("FIRING: <no value>");
    assertThat(a.path("text").asText()).isEqualTo("2 firing");
    assertThat(a.path("color").asText()).isEqualTo("danger");
  }

  @Test
  void postMessageErrorInA200AnswerIsPermanent() {
    stub.responseBody = "{\"ok\":false,\"error\":\"channel_not_found\"}";
    SlackNotifier n = new SlackNotifier(SlackConfig.of(Secret.of(stub.uri("/api/chat.postMessage").toString())), client);

    assertThatThrownBy(() -> n.notify(notification(alert(false, "critical", "a"))))
        .isInstanceOfSatisfying(NotifyException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("channel_not_found");
  }

  @Test
  void longTitlesAreTruncatedWithAnEllipsis() {
    assertThat(SlackNotifier.truncate("x".repeat(2000), 1024)).hasSize(1024).endsWith("\u2026");
    assertThat(SlackNotifier.truncate("short", 1024)).isEqualTo("short");
  }
}

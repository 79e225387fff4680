package io.watchkeeper.alerting.notify.opsgenie;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.lastBody;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsgenieNotifierTest {
  private final HttpStub stub = new HttpStub();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void createsWhileFiringAndClosesByAliasWhenResolved() throws Exception {
    stub.status = 202;
    MessageTemplate empty = MessageTemplate.parse("");
    OpsgenieConfig c = new OpsgenieConfig(Secret.of("k"), stub.uri("/").toString(), true, MessageTemplate.named("opsgenie.default.message"),
        MessageTemplate.named("opsgenie.default.description"), MessageTemplate.named("opsgenie.default.source"),
        Map.of("team", MessageTemplate.parse("api")), MessageTemplate.parse("{{ .CommonLabels.instance }}"),
        List.of(new OpsgenieConfig.Responder("", "sre", "", "team"), new OpsgenieConfig.Responder("", "", "jo@example.com", "user"),
            new OpsgenieConfig.Responder("", "dba, web", "", "teams")),
        empty, MessageTemplate.parse("api, prod ,"), MessageTemplate.parse("see runbook"),
        MessageTemplate.parse("P1"), Duration.ofSeconds(5));
    OpsgenieNotifier og = new OpsgenieNotifier(c, client);
    Notification firing = notification(alert(false, "critical", "a"));

    og.notify(firing);
    JsonNode create = lastBody(stub);
    og.notify(notification(alert(true, "critical", "a")));

    assertThat(stub.requests.get(0).path()).isEqualTo("/v2/alerts");
    assertThat(create.path("alias").asText()).isEqualTo(firing.groupKeyHash());
    assertThat(create.path("message").asText()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(create.path("description").asText()).startsWith("https://runbooks.example.com/api-down API <down> on a\nAlerts Firing:");
    assertThat(create.path("details").path("team").asText()).isEqualTo("api");
    assertThat(create.path("details").path("severity").asText()).isEqualTo("critical");
    assertThat(create.path("responders").get(0).path("name").asText()).isEqualTo("sre");
    assertThat(create.path("responders").get(1).path("username").asText()).isEqualTo("jo@example.com");
    assertThat(create.path("responders")).hasSize(4);
    assertThat(create.path("responders").get(3).path("name").asText()).isEqualTo("web");
    assertThat(create.path("responders").get(3).path("type").asText()).isEqualTo("team");
    assertThat(create.path("tags")).extracting(JsonNode::asText).containsExactly("api", "prod");
    assertThat(create.path("priority").asText()).isEqualTo("P1");
    assertThat(create.path("entity").asText()).isEqualTo("a");
    assertThat(create.path("note").asText()).isEqualTo("see runbook");
    assertThat(stub.requests.get(1).path()).isEqualTo("/v2/alerts/" + firing.groupKeyHash() + "/close");
    assertThat(lastBody(stub).path("source").asText()).isEqualTo("http://wk:9095/#/alerts?receiver=oncall");
    assertThat(stub.requests.get(1).header("Authorization")).isEqualTo("GenieKey k");
  }

  @Test
  void longMessagesAreCutToOpsgeniesLimit() throws Exception {
    OpsgenieConfig c = OpsgenieConfig.of(Secret.of("k"), stub.uri("/").toString(), Duration.ofSeconds(5));
    new OpsgenieNotifier(new OpsgenieConfig(c.apiKey(), c.apiUrl(), true, MessageTemplate.parse("x".repeat(300)), c.description(),
        c.source(), Map.of(), c.entity(), List.of(), c.actions(), c.tags(), c.note(), c.priority(), c.timeout()), client)
        .notify(notification(alert(false, "critical", "a")));

    assertThat(lastBody(stub).path("message").asText()).hasSize(130).endsWith("\u2026");
  }

  @Test
  void respondersNeedExactlyOneIdentityAndAKnownType() {
    assertThatThrownBy(() -> new OpsgenieConfig.Responder("1", "sre", "", "team")).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new OpsgenieConfig.Responder("", "sre", "", "squad")).hasMessageContaining("not valid");
  }
}

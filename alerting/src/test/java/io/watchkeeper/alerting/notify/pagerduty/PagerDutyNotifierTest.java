package io.watchkeeper.alerting.notify.pagerduty;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.lastBody;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyNotifierTest {
  private final HttpStub stub = new HttpStub();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void triggerThenResolveShareAStableDedupKeyAsAlertmanagerComputesIt() throws Exception {
    stub.status = 202;
    PagerDutyNotifier pd = new PagerDutyNotifier(PagerDutyConfig.of(Secret.of("rk"), stub.uri("/v2/enqueue").toString(),
        Duration.ofSeconds(5)), client);
    Notification firing = notification(alert(false, "critical", "a"));
    Notification resolved = notification(alert(true, "critical", "a"));

    pd.notify(firing);
    JsonNode trigger = lastBody(stub);
    pd.notify(resolved);
    JsonNode resolve = lastBody(stub);

    // sha256 of the group key in hex, Alertmanager's Key.Hash()
    assertThat(trigger.path("dedup_key").asText()).isEqualTo(firing.groupKeyHash()).hasSize(64)
        .isEqualTo(resolve.path("dedup_key").asText());
    assertThat(new Notification("r", "abc", Labels.EMPTY, List.of(), "").groupKeyHash())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // sha256("abc")
    assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    JsonNode p = trigger.path("payload");
    assertThat(p.path("summary").asText()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(p.path("severity").asText()).isEqualTo("critical");
    assertThat(p.path("source").asText()).isEqualTo("Watchkeeper");
    assertThat(trigger.path("client").asText()).isEqualTo("Watchkeeper");
    assertThat(trigger.path("client_url").asText()).isEqualTo("http://wk:9095/#/alerts?receiver=oncall");
    assertThat(p.path("custom_details").path("num_firing").asText()).isEqualTo("1");
    assertThat(p.path("custom_details").path("firing").asText()).contains(" - summary = API <down> on a");
  }

  @Test
  void configuredFieldsLinksAndImagesAreSent() throws Exception {
    PagerDutyConfig c = new PagerDutyConfig(Secret.of("rk"), stub.uri("/e").toString(), true, MessageTemplate.parse("wk"),
        MessageTemplate.parse("http://wk"), MessageTemplate.parse("{{ .CommonAnnotations.summary }}"),
        Map.of("runbook", MessageTemplate.parse("{{ .CommonAnnotations.runbook_url }}")),
        List.of(new PagerDutyConfig.Image(MessageTemplate.parse("http://img/x.png"), MessageTemplate.parse("graph"),
            MessageTemplate.parse("http://wk/g"))),
        List.of(new PagerDutyConfig.Link(MessageTemplate.parse("{{ .CommonAnnotations.runbook_url }}"), MessageTemplate.parse("Runbook"))),
        Optional.of(MessageTemplate.parse("{{ .CommonLabels.instance }}")), Optional.of(MessageTemplate.parse("warning")),
        MessageTemplate.parse("availability"), MessageTemplate.parse("api"), MessageTemplate.parse("prod"), Duration.ofSeconds(5));

    new PagerDutyNotifier(c, client).notify(notification(alert(false, "page", "a")));

    JsonNode body = lastBody(stub);
    assertThat(body.path("links").get(0).path("href").asText()).isEqualTo("https://runbooks.example.com/api-down");
    assertThat(body.path("images").get(0).path("alt").asText()).isEqualTo("graph");
    JsonNode p = body.path("payload");
    assertThat(p.path("summary").asText()).isEqualTo("API <down> on a");
    assertThat(p.path("source").asText()).isEqualTo("a");
    assertThat(p.path("severity").asText()).isEqualTo("warning");
    assertThat(p.path("class").asText()).isEqualTo("availability");
    assertThat(p.path("component").asText()).isEqualTo("api");
    assertThat(p.path("group").asText()).isEqualTo("prod");
    assertThat(p.path("custom_details").path("runbook").asText()).isEqualTo("https://runbooks.example.com/api-down");
    assertThat(p.path("custom_details").has("num_resolved")).isTrue();
  }

  @Test
  void unknownSeverityLabelFallsBackToError() {
    assertThat(PagerDutyNotifier.severity(notification(alert(false, "page", "a")))).isEqualTo("error");
    assertThat(PagerDutyNotifier.severity(notification(alert(false, "Warning", "a")))).isEqualTo("warning");
  }
}

package io.watchkeeper.alerting.notify.msteams;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.lastBody;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamsNotifierTest {
  private final HttpStub stub = new HttpStub();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void messageCardIsRedWhileFiringAndGreenWhenResolvedWithMarkdownText() throws Exception {
    TeamsNotifier teams = new TeamsNotifier(TeamsConfig.of(Secret.of(stub.uri("/webhookb2/x").toString()), Duration.ofSeconds(5)),
        HttpClient.newHttpClient());

    teams.notify(notification(alert(false, "critical", "a")));
    JsonNode firing = lastBody(stub);
    teams.notify(notification(alert(true, "critical", "a")));
    JsonNode resolved = lastBody(stub);

    assertThat(firing.path("@context").asText()).isEqualTo("http://schema.org/extensions");
    assertThat(firing.path("themeColor").asText()).isEqualTo("8C1A1A");
    assertThat(firing.path("summary").asText()).isEqualTo("[FIRING:1] ApiDown (a critical)");
    assertThat(firing.path("text").asText()).contains("# Alerts Firing:").contains("  - instance = a");
    assertThat(resolved.path("themeColor").asText()).isEqualTo("2DC72D");
    assertThat(resolved.path("text").asText()).contains("# Alerts Resolved:").doesNotContain("Firing");
  }
}

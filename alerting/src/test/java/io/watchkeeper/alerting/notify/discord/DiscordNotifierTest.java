package io.watchkeeper.alerting.notify.discord;

import static io.watchkeeper.alerting.notify.ChannelFixtures.alert;
import static io.watchkeeper.alerting.notify.ChannelFixtures.lastBody;
import static io.watchkeeper.alerting.notify.ChannelFixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchkeeper.alerting.notify.HttpStub;
import io.watchkeeper.alerting.notify.template.MessageTemplate;
import io.watchkeeper.model.Secret;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordNotifierTest {
  private final HttpStub stub = new HttpStub();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void embedCarriesTitleMessageAndStatusColourWithinDiscordsLimits() throws Exception {
    stub.status = 204;
    DiscordConfig c = new DiscordConfig(Secret.of(stub.uri("/api/webhooks/1/tok").toString()), true,
        MessageTemplate.parse("{{ template \"discord.default.title\" . }}" + "!".repeat(300)), MessageTemplate.named("discord.default.message"),
        MessageTemplate.parse("<@&ops> {{ .Status }}"), "Watchkeeper", "", Duration.ofSeconds(5));
    DiscordNotifier discord = new DiscordNotifier(c, HttpClient.newHttpClient());

    discord.notify(notification(alert(false, "critical", "a")));
    JsonNode firing = lastBody(stub);
    discord.notify(notification(alert(true, "critical", "a")));

    JsonNode embed = firing.path("embeds").get(0);
    assertThat(embed.path("title").asText()).hasSize(256).startsWith("[FIRING:1] ApiDown (a critical)");
    assertThat(embed.path("description").asText()).contains("Alerts Firing:").contains(" - summary = API <down> on a");
    assertThat(embed.path("color").asInt()).isEqualTo(0x992D22);
    assertThat(firing.path("content").asText()).isEqualTo("<@&ops> firing");
    assertThat(firing.path("username").asText()).isEqualTo("Watchkeeper");
    assertThat(lastBody(stub).path("embeds").get(0).path("color").asInt()).isEqualTo(0x2ECC71);
  }
}

package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.notify.ChannelConfig;
import io.watchkeeper.alerting.notify.NotifierFactory;
import io.watchkeeper.alerting.notify.discord.DiscordConfig;
import io.watchkeeper.alerting.notify.email.EmailConfig;
import io.watchkeeper.alerting.notify.msteams.TeamsConfig;
import io.watchkeeper.alerting.notify.opsgenie.OpsgenieConfig;
import io.watchkeeper.alerting.notify.pagerduty.PagerDutyConfig;
import io.watchkeeper.alerting.notify.slack.SlackConfig;
import io.watchkeeper.alerting.notify.telegram.TelegramConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelBindersTest {
  @TempDir Path dir;
  private final NotificationsLoader loader = new NotificationsLoader(Map.of("PD_KEY", "pd-routing-key"));

  private List<ChannelConfig> channels(String receivers) throws Exception {
    String text = """
        notifications:
          global:
            slack_api_url: https://hooks.slack.com/services/T/B/GLOBAL
            smtp_smarthost: smtp.example.com:587
            smtp_from: alerts@example.com
            smtp_auth_username: wk
            smtp_auth_password: smtp-pw
            opsgenie_api_key: genie
            telegram_api_url: https://telegram.example.com
          route: {receiver: r}
          receivers:
            - name: r
        """ + receivers.indent(6);
    LoadedNotifications n = loader.parse("wk.yml", dir, text);
    NotificationsConfig c = n.config().orElseThrow();
    assertThat(c.original()).doesNotContain("smtp-pw").doesNotContain("GLOBAL").doesNotContain("genie\n")
        .doesNotContain("/webhookb2/x").doesNotContain("api/webhooks/1/x");
    return c.receivers().get(0).channels();
  }

  @Test
  void bindsEveryChannelKindWithGlobalsAndBuildsTheirNotifiers() throws Exception {
    Files.writeString(dir.resolve("bot_token"), "42:TOKEN\n");
    List<ChannelConfig> cs = channels("""
        slack_configs:
          - channel: '#alerts-{{ .CommonLabels.severity }}'
            send_resolved: true
            title: '{{ template "slack.default.title" . }}'
        email_configs:
          - to: oncall@example.com
            headers: {subject: 'Alert {{ .Status }}'}
            require_tls: false
        pagerduty_configs:
          - routing_key: ${PD_KEY}
            severity: critical
            class: availability
            links: [{href: 'https://runbooks.example.com', text: Runbook}]
            details: {team: api}
        opsgenie_configs:
          - priority: P1
            responders: [{name: sre, type: team}]
        msteams_configs:
          - webhook_url: https://example.webhook.office.com/webhookb2/x
        discord_configs:
          - webhook_url: https://discord.com/api/webhooks/1/x
        telegram_configs:
          - bot_token_file: bot_token
            chat_id: -1001
            parse_mode: ''
        """);

    assertThat(cs).extracting(ChannelConfig::kind)
        .containsExactly("slack", "email", "pagerduty", "opsgenie", "msteams", "discord", "telegram");
    EmailConfig email = (EmailConfig) cs.get(1);
    assertThat(email.smarthost()).isEqualTo("smtp.example.com:587");
    assertThat(email.authUsername()).isEqualTo("wk");
    assertThat(email.authPassword().reveal()).isEqualTo("smtp-pw");
    assertThat(email.requireTls()).isFalse();
    assertThat(email.headers()).containsKey("Subject");
    SlackConfig slack = (SlackConfig) cs.get(0);
    assertThat(slack.apiUrl().reveal()).endsWith("/GLOBAL");
    assertThat(slack.sendResolved()).isTrue();
    PagerDutyConfig pd = (PagerDutyConfig) cs.get(2);
    assertThat(pd.routingKey().reveal()).isEqualTo("pd-routing-key");
    assertThat(pd.url()).isEqualTo(PagerDutyConfig.DEFAULT_URL);
    assertThat(pd.details()).containsKeys("team", "firing", "num_firing");
    OpsgenieConfig og = (OpsgenieConfig) cs.get(3);
    assertThat(og.apiKey().reveal()).isEqualTo("genie");
    assertThat(og.responders()).hasSize(1);
    assertThat(((TeamsConfig) cs.get(4)).sendResolved()).isTrue();
    assertThat(((DiscordConfig) cs.get(5)).timeout()).isEqualTo(Duration.ofSeconds(30));
    TelegramConfig tg = (TelegramConfig) cs.get(6);
    assertThat(tg.botToken().reveal()).isEqualTo("42:TOKEN");
    assertThat(tg.apiUrl()).isEqualTo("https://telegram.example.com");
    assertThat(tg.parseMode()).isEmpty();
    try (NotifierFactory f = new NotifierFactory()) {
      cs.forEach(c -> assertThat(f.notifier(c)).isNotNull());
    }
  }

  @Test
  void reportsChannelProblemsAtTheirKeys() {
    String text = """
        notifications:
          route: {receiver: r}
          receivers:
            - name: r
              slack_configs:
                - title: '{{ range .Alerts }}x{{ end }}'
              email_configs:
                - from: a@example.com
              pagerduty_configs:
                - service_key: v1
              opsgenie_configs:
                - api_key: k
                  priority: P9
                  responders: [{name: sre, type: squad}]
              telegram_configs:
                - bot_token: '1:x'
                  parse_mode: Html
        """;

    assertThatThrownBy(() -> loader.parse("wk.yml", dir, text)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
        e.problems()).anySatisfy(p -> assertThat(p).contains("slack_configs[0]").contains("no global Slack API URL"))
        .anySatisfy(p -> assertThat(p).contains("slack_configs[0].title").contains("unsupported template construct \"range\""))
        .anySatisfy(p -> assertThat(p).contains("email_configs[0]").contains("missing to address"))
        .anySatisfy(p -> assertThat(p).contains("pagerduty_configs[0].service_key").contains("Events API v1"))
        .anySatisfy(p -> assertThat(p).contains("opsgenie_configs[0].priority").contains("P1, P2"))
        .anySatisfy(p -> assertThat(p).contains("opsgenie_configs[0].responders[0]").contains("not valid"))
        .anySatisfy(p -> assertThat(p).contains("telegram_configs[0]").contains("missing chat_id"))
        .anySatisfy(p -> assertThat(p).contains("telegram_configs[0].parse_mode")));
  }
}

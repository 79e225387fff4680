package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.dispatch.Route;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.notify.RateLimit;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.alerting.notify.webhook.WebhookConfig;
import io.watchkeeper.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsLoaderTest {
  private final NotificationsLoader loader = new NotificationsLoader(Map.of("HOOK_PASSWORD", "pw"));
  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = NotificationsLoaderTest.class.getResourceAsStream("notifications/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private LoadedNotifications loadGood() throws Exception {
    Path am = dir.resolve("alertmanager.yml");
    Files.writeString(am, resource("alertmanager.good.yaml"));
    Path main = dir.resolve("watchkeeper.yml");
    Files.writeString(main, "global:\n  scrape_interval: 15s\nnotifications_file: alertmanager.yml\n");
    return loader.load(main);
  }

  @Test
  void bindsAnAlertmanagerFileNamedByNotificationsFile() throws Exception {
    NotificationsConfig c = loadGood().config().orElseThrow();

    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.receivers()).extracting(ReceiverConfig::name).containsExactly("team", "pager", "sms");
    WebhookConfig team = (WebhookConfig) c.receivers().get(0).channels().get(0);
    assertThat(team.url().reveal()).isEqualTo("https://chat.example.com/hooks/T000/SECRET");
    assertThat(team.maxAlerts()).isEqualTo(50);
    assertThat(team.basicAuth().orElseThrow().password().reveal()).isEqualTo("pw");
    WebhookConfig pager = (WebhookConfig) c.receivers().get(1).channels().get(0);
    assertThat(pager.authorization().orElseThrow().type()).isEqualTo("Bearer");
    assertThat(pager.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.receivers().get(2).rateLimit()).contains(new RateLimit(1, Duration.ofMinutes(5)));
    assertThat(c.receivers().get(2).channels().get(0).sendResolved()).isFalse();
    assertThat(c.inhibitRules()).hasSize(2);
    assertThat(c.inhibitRules().get(1).targetMatchers().get(0).matches("SlowQueries")).isTrue();
    assertThat(c.timeIntervals().byName()).containsOnlyKeys("maintenance", "month-end");
    assertThat(c.timeIntervals().contains("maintenance", Instant.parse("2024-03-02T02:30:00Z"))).isTrue();
    assertThat(c.timeIntervals().contains("month-end", Instant.parse("2024-03-30T12:00:00Z"))).isTrue();
    assertThat(c.original()).contains("<secret>").doesNotContain("SECRET").doesNotContain("pager-token");
  }

  @Test
  void routeTreeBehavesAsConfigured() throws Exception {
    Route root = Route.tree(loadGood().config().orElseThrow().route());

    assertThat(root.match(Labels.of("alertname", "DbDown", "severity", "critical")))
        .extracting(r -> r.options().receiver()).containsExactly("pager", "sms");
    Route perf = root.match(Labels.of("alertname", "SlowQueries", "category", "performance")).get(0);
    assertThat(perf.options().groupByAll()).isTrue();
    assertThat(perf.key()).isEqualTo("{}/{category=~\"^(?:performance|capacity|deployment)$\"}"); // as Alertmanager's
    assertThat(perf.options().muteTimeIntervals()).containsExactly("maintenance");
    assertThat(perf.options().groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(root.options().groupBy()).containsExactlyInAnyOrder("alertname", "service");
  }

  @Test
  void warnsAboutReceiverKindsAndKeysNotSupportedYet() throws Exception {
    String text = """
        notifications:
          global: {wechat_api_url: 'https://wechat.example.com/'}
          route: {receiver: team}
          receivers:
            - name: team
              wechat_configs: [{to_user: ops}]
        """;
    List<String> warnings = loader.parse("wk.yml", dir, text).warnings();

    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("receivers[0]").contains("wechat_configs"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("global").contains("wechat_api_url"));
    assertThat(loadGood().warnings()).noneSatisfy(w -> assertThat(w).contains("slack_configs"));
  }

  @Test
  void bindsInlineNotifications() throws Exception {
    String text = """
        notifications:
          route:
            receiver: hook
          receivers:
            - name: hook
              webhook_configs: [{url: 'http://127.0.0.1:9/x'}]
        """;
    NotificationsConfig c = loader.parse("wk.yml", dir, text).config().orElseThrow();

    assertThat(c.route().receiver()).contains("hook");
    assertThat(c.resolveTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(RouteConfig.GROUP_BY_ALL).isEqualTo("...");
  }

  @Test
  void configWithoutNotificationsHasNone() throws Exception {
    assertThat(loader.parse("wk.yml", dir, "global: {scrape_interval: 15s}\n").config()).isEmpty();
  }

  @Test
  void reportsEveryProblemWithItsPlaceAndAlertmanagersWords() throws Exception {
    Path am = dir.resolve("many_problems.bad.yaml");
    Files.writeString(am, resource("many_problems.bad.yaml"));
    List<String> expected = resource("many_problems.bad.txt").lines().map(l -> dir.resolve(l).toString()).toList();

    assertThatThrownBy(() -> loader.loadAlertmanagerFile(am)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).containsExactlyElementsOf(expected));
  }

  @Test
  void bothInlineAndFileIsAnError() {
    assertThatThrownBy(() -> loader.parse("wk.yml", dir, "notifications: {}\nnotifications_file: am.yml\n"))
        .hasMessageContaining("at most one of notifications and notifications_file must be configured");
  }
}

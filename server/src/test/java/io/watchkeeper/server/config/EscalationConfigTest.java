package io.watchkeeper.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.alerting.NotificationsConfig;
import io.watchkeeper.alerting.dispatch.Route;
import io.watchkeeper.alerting.dispatch.RouteConfig;
import io.watchkeeper.alerting.escalation.EscalationPolicy;
import io.watchkeeper.alerting.history.HistoryOptions;
import io.watchkeeper.alerting.notify.ReceiverConfig;
import io.watchkeeper.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watchkeeper's escalation_policies, route escalation and alert_history keys under notifications:. */
class EscalationConfigTest {
  @TempDir Path dir;
  private final NotificationsLoader loader = new NotificationsLoader(Map.of());

  @Test
  void bindsTheSeedsEscalationAndTheHistoryRetention() throws Exception {
    String text = """
        notifications:
          alert_history: {retention: 7d}
          escalation_policies:
            - name: critical-oncall
              steps:
                - {after: 5m, receivers: [oncall-primary]}
                - {after: 15m, receivers: [oncall-secondary]}
                - {after: 30m, receivers: [engineering-manager]}
          route:
            receiver: team-chat
            routes:
              - matchers: ['severity="critical"']
                receiver: pager
                escalation: critical-oncall
          receivers:
            - {name: team-chat, webhook_configs: [{url: 'http://127.0.0.1:9/chat'}]}
            - {name: pager, webhook_configs: [{url: 'http://127.0.0.1:9/pager'}]}
            - {name: oncall-primary, webhook_configs: [{url: 'http://127.0.0.1:9/p'}]}
            - {name: oncall-secondary, webhook_configs: [{url: 'http://127.0.0.1:9/s'}]}
            - {name: engineering-manager, webhook_configs: [{url: 'http://127.0.0.1:9/m'}]}
        """;
    NotificationsConfig c = loader.parse("wk.yml", dir, text).config().orElseThrow();

    EscalationPolicy p = c.escalationPolicy("critical-oncall").orElseThrow();
    assertThat(p.steps()).extracting(EscalationPolicy.Step::after)
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30));
    assertThat(p.steps().get(0).receivers()).containsExactly("oncall-primary");
    List<Route> matched = Route.tree(c.route()).match(Labels.of("alertname", "ApiDown", "severity", "critical"));
    assertThat(matched).singleElement().satisfies(r -> assertThat(r.escalation()).contains("critical-oncall"));
    assertThat(Route.tree(c.route()).escalation()).isEmpty();
    assertThat(c.history().retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void historyRetentionDefaultsTo30DaysWhenAlertHistoryIsLeftOut() throws Exception {
    assertThat(HistoryOptions.DEFAULTS.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(HistoryOptions.DEFAULTS.cleanupInterval()).isEqualTo(Duration.ofHours(1));
    String receivers = """
          route: {receiver: team-chat}
          receivers: [{name: team-chat, webhook_configs: [{url: 'http://127.0.0.1:9/chat'}]}]
        """;

    NotificationsConfig without = loader.parse("wk.yml", dir, "notifications:\n" + receivers).config().orElseThrow();
    NotificationsConfig empty = loader.parse("wk.yml", dir, "notifications:\n  alert_history: {}\n" + receivers)
        .config().orElseThrow();

    assertThat(without.history()).isEqualTo(HistoryOptions.DEFAULTS);
    assertThat(empty.history()).isEqualTo(HistoryOptions.DEFAULTS);
    // what App uses when the file has no notifications: section at all
    assertThat(NotificationsConfig.of(RouteConfig.root("none"), ReceiverConfig.of("none")).history())
        .isEqualTo(HistoryOptions.DEFAULTS);
  }

  @Test
  void reportsUnknownPoliciesReceiversAndStepsOutOfOrder() {
    String text = """
        notifications:
          escalation_policies:
            - name: p
              steps:
                - {after: 15m, receivers: [r]}
                - {after: 5m, receivers: [nobody]}
            - name: empty
              steps: [{receivers: [r]}]
          route:
            receiver: r
            routes: [{receiver: r, escalation: unknown}]
          receivers: [{name: r}]
        """;

    assertThatThrownBy(() -> loader.parse("wk.yml", dir, text)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
        e.problems()).anySatisfy(m -> assertThat(m).contains("escalation_policies[0].steps[1].receivers[0]").contains("undefined receiver"))
        .anySatisfy(m -> assertThat(m).contains("escalation_policies[1].steps[0]").contains("missing after"))
        .anySatisfy(m -> assertThat(m).contains("route.routes[0].escalation").contains("undefined escalation policy \"unknown\"")));
  }
}

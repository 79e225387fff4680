package io.watchkeeper.alerting.notify.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultTemplatesTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private static NotifiedAlert alert(boolean resolved, String instance) {
    return new NotifiedAlert(resolved, Labels.of("alertname", "HighLatency", "job", "api", "instance", instance, "severity", "critical"),
        Labels.of("summary", "p95 above 500ms", "runbook_url", "https://rb/latency"), T0, resolved ? T0.plusSeconds(1) : TrackedAlert.ZERO_TIME,
        "http://wk/graph", 7);
  }

  @Test
  void subjectIsAlertmanagersWithCountAndOtherCommonLabels() {
    Notification n = new Notification("pager", "k", Labels.of("alertname", "HighLatency", "job", "api"),
        List.of(alert(false, "a"), alert(false, "b"), alert(true, "c")), "http://wk");

    assertThat(DefaultTemplates.subject(n)).isEqualTo("[FIRING:2] HighLatency api (critical)");
  }

  @Test
  void subjectWithoutOtherCommonLabelsKeepsAlertmanagersTrailingSpace() {
    Notification n = new Notification("pager", "k", Labels.of("alertname", "X"),
        List.of(new NotifiedAlert(true, Labels.of("alertname", "X"), Labels.EMPTY, T0, T0, "", 1)), "http://wk");

    assertThat(DefaultTemplates.subject(n)).isEqualTo("[RESOLVED] X ");
  }

  @Test
  void textAlertListPutsAlertnameFirstThenSortsLabels() {
    assertThat(DefaultTemplates.textAlertList(List.of(alert(false, "a")))).isEqualTo("""
        Labels:
         - alertname = HighLatency
         - instance = a
         - job = api
         - severity = critical
        Annotations:
         - runbook_url = https://rb/latency
         - summary = p95 above 500ms
        Source: http://wk/graph
        """);
  }

  @Test
  void telegramAndDiscordMessageListsFiringThenResolved() {
    Notification n = new Notification("r", "k", Labels.EMPTY, List.of(alert(false, "a"), alert(true, "b")), "http://wk");

    String m = DefaultTemplates.render("telegram.default.message", n).orElseThrow();

    assertThat(m).startsWith("\n\nAlerts Firing:\nLabels:\n - alertname = HighLatency\n - instance = a");
    assertThat(m.indexOf("Alerts Resolved:")).isGreaterThan(m.indexOf("instance = a"));
    assertThat(m).contains(" - instance = b");
    assertThat(DefaultTemplates.render("discord.default.message", n)).contains(m);
  }

  @Test
  void emailBodiesCarryEveryAlertAndEscapeHtml() {
    Notification n = new Notification("r", "k", Labels.of("alertname", "<x>"),
        List.of(new NotifiedAlert(false, Labels.of("alertname", "<x>"), Labels.of("runbook_url", "https://rb?a=1&b=2"), T0,
            TrackedAlert.ZERO_TIME, "http://wk/g", 1)), "http://wk");

    String html = DefaultTemplates.render("email.default.html", n).orElseThrow();
    String text = DefaultTemplates.render("email.default.text", n).orElseThrow();

    assertThat(html).contains("1 alert for alertname=&lt;x&gt;").contains("[1] Firing").contains("href=\"https://rb?a=1&amp;b=2\"")
        .doesNotContain("<x>");
    assertThat(text).startsWith("[FIRING:1] <x>\n\nView in Watchkeeper: http://wk/#/alerts?receiver=r\n")
        .contains("[1] Firing\nLabels:\n - alertname = <x>");
  }

  @Test
  void everyNamedTemplateRenders() {
    Notification n = new Notification("r", "k", Labels.EMPTY, List.of(alert(false, "a")), "http://wk");
    for (String name : DefaultTemplates.NAMES) {
      assertThat(DefaultTemplates.render(name, n)).as(name).isPresent();
    }
    for (String name : DefaultTemplates.ALERT_LIST_NAMES) {
      assertThat(DefaultTemplates.renderAlerts(name, n.alerts())).as(name).isPresent();
    }
  }
}

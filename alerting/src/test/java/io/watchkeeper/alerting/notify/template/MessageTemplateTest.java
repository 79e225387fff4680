package io.watchkeeper.alerting.notify.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.alerting.alert.TrackedAlert;
import io.watchkeeper.alerting.notify.NotifiedAlert;
import io.watchkeeper.alerting.notify.Notification;
import io.watchkeeper.model.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTemplateTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  static Notification notification() {
    return new Notification("team <ops>", "{}:{alertname=\"Disk\"}", Labels.of("alertname", "Disk"), List.of(
        new NotifiedAlert(false, Labels.of("alertname", "Disk", "instance", "db-1", "severity", "warning"),
            Labels.of("summary", "Disk <80%>"), T0, TrackedAlert.ZERO_TIME, "http://wk/g", 1),
        new NotifiedAlert(true, Labels.of("alertname", "Disk", "instance", "db-2", "severity", "warning"),
            Labels.of("summary", "Disk <80%>"), T0, T0.plusSeconds(5), "http://wk/g", 2)),
        "http://wk:9095");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", value = {
      "plain text => plain text",
      "{{ .Status }} => firing",
      "{{ .Status | toUpper }} => FIRING",
      "{{ toUpper .Status }}! => FIRING!",
      "{{ .CommonLabels.severity }}/{{ .GroupLabels.alertname }} => warning/Disk",
      "{{ .CommonLabels.instance }} => <no value>",
      "{{ .CommonAnnotations.summary | title }} => Disk <80%>",
      "{{ len .Alerts }} {{ .Alerts.Firing | len }} {{ .Alerts.Resolved | len }} => 2 1 1",
      "a  {{- .Receiver -}}  b => ateam <ops>b",
      "{{ template \"__subject\" . }} => [FIRING:1] Disk (warning)",
      "{{/* a comment */}}x => x",
      "{{ \"literal\" | toUpper }} => LITERAL",
  })
  void rendersTheSupportedSubset(String template, String expected) {
    assertThat(MessageTemplate.parse(template).render(notification(), false)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{ if eq .Status \"firing\" }}x{{ end }}", "{{ range .Alerts }}x{{ end }}", "{{ $x := 1 }}",
      "{{ .Unknown }}", "{{ template \"nope\" . }}", "{{ .Status ", "{{ printf \"%s\" .Status }}", "{{ .CommonLabels.a.b }}"})
  void rejectsWhatItCannotRenderWhenParsed(String template) {
    assertThatThrownBy(() -> MessageTemplate.parse(template)).isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void htmlEscapesValuesButNotTheHtmlEmailTemplate() {
    assertThat(MessageTemplate.parse("<b>{{ .Receiver }}</b>").render(notification(), true)).isEqualTo("<b>team &lt;ops&gt;</b>");
    assertThat(MessageTemplate.named("email.default.html").render(notification(), true))
        .startsWith("<!DOCTYPE html>").contains("Disk &lt;80%&gt;");
    assertThat(MessageTemplate.parse("{{ template \"__text_alert_list\" .Alerts.Firing }}").render(notification(), true))
        .contains(" - summary = Disk &lt;80%&gt;");
  }
}

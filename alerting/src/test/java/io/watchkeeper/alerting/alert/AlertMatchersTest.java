package io.watchkeeper.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertMatchersTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', textBlock = """
      severity="critical"        ; severity ; EQUAL     ; critical
      severity=critical          ; severity ; EQUAL     ; critical
      ' team =~ "db|api" '       ; team     ; REGEX     ; db|api
      env!="prod"                ; env      ; NOT_EQUAL ; prod
      job!~node.*                ; job      ; NOT_REGEX ; node.*
      'msg="a \\"quoted\\" word"' ; msg      ; EQUAL     ; 'a "quoted" word'
      empty=""                   ; empty    ; EQUAL     ; ''
      """)
  void parsesTheFormsAlertmanagerAccepts(String text, String name, MatchType type, String value) {
    Matcher m = AlertMatchers.parse(text);

    assertThat(m.name()).isEqualTo(name);
    assertThat(m.type()).isEqualTo(type);
    assertThat(m.value()).isEqualTo(value);
  }

  @Test
  void parsesListsWithBracesAndCommasInsideQuotes() {
    List<Matcher> ms = AlertMatchers.parseAll("{alertname=\"Disk, full\", severity=~\"warning|critical\"}");

    assertThat(ms).extracting(Matcher::name).containsExactly("alertname", "severity");
    assertThat(ms.get(0).value()).isEqualTo("Disk, full");
    assertThat(AlertMatchers.matches(ms, Labels.of("alertname", "Disk, full", "severity", "critical"))).isTrue();
    assertThat(AlertMatchers.matches(ms, Labels.of("alertname", "Disk, full"))).isFalse();
  }

  @Test
  void rejectsWithAlertmanagersMessages() {
    assertThatThrownBy(() -> AlertMatchers.parse("nonsense")).hasMessage("bad matcher format: nonsense");
    assertThatThrownBy(() -> AlertMatchers.parse("a=\"b\"c\"")).hasMessageStartingWith("matcher value contains unescaped double quote");
    assertThatThrownBy(() -> AlertMatchers.parse("a=~\"(\"")).hasMessageStartingWith("error parsing regexp");
  }

  @Test
  void printsAsAlertmanagerDoes() {
    assertThat(AlertMatchers.format(List.of(AlertMatchers.parse("a=\"x\\\"y\""), AlertMatchers.parse("b=~\"1|2\""))))
        .isEqualTo("{a=\"x\\\"y\",b=~\"1|2\"}");
    assertThat(AlertMatchers.formatLabelSet(Labels.of("b", "2", "a", "1"))).isEqualTo("{a=\"1\", b=\"2\"}");
  }

  /** Found by AlertmanagerDifferentialTest: group keys of match_re routes differed from Alertmanager's. */
  @Test
  void matchReValuesAreTheAnchoredRegexAlertmanagerPrints() {
    Matcher m = AlertMatchers.ofMatchRe("service", "web|api");

    assertThat(AlertMatchers.format(m)).isEqualTo("service=~\"^(?:web|api)$\"");
    assertThat(m.matches("web")).isTrue();
    assertThat(m.matches("api")).isTrue();
    assertThat(m.matches("webx")).isFalse();
    assertThat(m.matches("")).isFalse();
    assertThatThrownBy(() -> AlertMatchers.ofMatchRe("service", "web(")).hasMessageEndingWith("`web(`");
  }
}

package io.watchkeeper.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Sample;
import io.watchkeeper.query.EvaluationException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alert templates against outputs that Prometheus' {@code promtool test rules} (2.42) printed for
 * the same templates, data and query results (an alert on {@code v{instance="i:9",job="j"}} with
 * value 1234567 and external label {@code cluster="c1"}), plus the cases of Prometheus'
 * {@code template_test.go}.
 */
class TemplateTest {
  private static final Labels LABELS = Labels.of("__name__", "v", "instance", "i:9", "job", "j");
  private static final TemplateQuery QUERY = (expr, t) -> switch (expr) {
    case "v" -> List.of(new Sample(LABELS, t, 1234567));
    case "metric" -> List.of(new Sample(Labels.of("__name__", "metric", "instance", "b"), t, 21),
        new Sample(Labels.of("__name__", "metric", "instance", "a"), t, 11));
    case "1.5" -> List.of(new Sample(Labels.EMPTY, t, 1.5));
    case "bad(" -> throw new EvaluationException("1:5: parse error: unexpected end of input");
    default -> List.of();
  };

  private static String expand(String text) throws TemplateException {
    Template t = TemplateExpander.parseAlertTemplate("A", text);
    AlertTemplateData data = AlertTemplateData.of(LABELS, Labels.of("cluster", "c1"), "", 1234567);
    return new TemplateExpander(QUERY, 0, "").expandAlert(t, data);
  }

  static Stream<Arguments> promtoolOutputs() {
    return Stream.of(
        Arguments.of("{{ $value }}|{{ 1e6 }}|{{ 100000.0 }}|{{ 1e21 }}|{{ 0.0001 }}|{{ 0.00001 }}",
            "1.234567e+06|1e+06|100000|1e+21|0.0001|1e-05"),
        Arguments.of("{{ printf \"%v %g %.3g %e %.2f %5.1f|%-6d|%06.2f|%x|%q|%s\" 1e6 1e20 0.000123456 123.456 "
            + "2.675 3.14159 42 3.14159 255 \"hi\" 5 }}",
            "1e+06 1e+20 0.000123 1.234560e+02 2.67   3.1|42    |003.14|ff|\"hi\"|%!s(int=5)"),
        Arguments.of("{{ printf \"%.2f %.2f %.1f %.0f %.0f\" 0.125 0.375 0.25 0.5 1.5 }}|{{ print 1 2 \"a\" \"b\" 3 }}"
            + "|{{ 1.0 }}|{{ -0.0 }}|{{ printf \"%d %s\" }}|{{ printf \"%d\" 1 2 }}|{{ printf \"%t %v\" true nil }}",
            "0.12 0.38 0.2 0 2|1 2ab3|1|-0|%!d(MISSING) %!s(MISSING)|1%!(EXTRA int=2)|true <nil>"),
        Arguments.of("{{ humanize 1234567 }}|{{ humanize 0.12 }}|{{ humanize1024 1048576 }}|{{ humanizeDuration 899.99 }}"
            + "|{{ humanizePercentage 0.1234567 }}|{{ humanizeTimestamp 1435065584.128 }}"
            + "|{{ reReplaceAll \"(a)b\" \"x$1x\" \"abab\" }}|{{ args 1 \"2\" }}|{{ len \"héllo\" }}"
            + "|{{ index $labels \"job\" }}|{{ .Value }}|{{ $externalURL }}",
            "1.235M|120m|1Mi|14m 59s|12.35%|2015-06-23 13:19:44.128 +0000 UTC|xx|map[arg0:1 arg1:2]|6|j|1.234567e+06|"),
        Arguments.of("{{ if gt $value 1.0 }}big{{ else if eq $value 1.0 }}one{{ else }}small{{ end }}"
            + "|{{ with $labels.missing }}x{{ else }}none{{ end }}|{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}"
            + "|{{ $labels }}|{{ printf \"%v\" $labels }}|{{ 5 | printf \"%03d\" }}|{{ \"x\" | printf \"%s-%s\" \"y\" }}",
            "big|none|__name__=v,instance=i:9,job=j,|map[__name__:v instance:i:9 job:j]"
                + "|map[__name__:v instance:i:9 job:j]|005|y-x"),
        Arguments.of("x {{- \" y \" -}} z", "x y z"),
        Arguments.of("{{ range $i, $e := query \"v\" }}{{ $i }}:{{ $e.Value }}:{{ .Labels.job }}{{ end }}",
            "0:1.234567e+06:j"),
        Arguments.of("{{ range query \"nothing\" }}x{{ else }}empty{{ end }}", "empty"),
        Arguments.of("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2"),
        Arguments.of("{{ range $i, $e := args 1 2 3 }}{{ end }}{{ len (args 1 2) }}", "2"),
        Arguments.of("{{ html \"<a href=\\\"x\\\">&</a>\" }}|{{ js \"a'b\\\"<>\" }}|{{ urlquery \"a b&c/d~e*f\" }}",
            "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;|a\\'b\\\"\\u003C\\u003E|a+b%26c%2Fd~e%2Af"),
        Arguments.of("{{ print \"a\" 1 2 \"b\" nil }}|{{ println 1 \"x\" }}|{{ printf \"%5s|%-5s|%.2s|%x|%X|%o|%b|%c|%U"
            + "|%#x|%+d|% d\" \"ab\" \"cd\" \"xyz\" \"hi\" 255 8 5 65 65 255 5 5 }}",
            "a1 2b<nil>|1 x\n|   ab|cd   |xy|6869|FF|10|101|A|U+0041|0xff|+5| 5"),
        Arguments.of("{{ printf \"%e|%E|%.3e|%g|%G|%.3g|%8.3f|%-8.3f|%08.3f|%+.1f|%.0f\" 123456.789 0.000123 1.0 1e-7 "
            + "1e21 100000.0 3.14159 3.14159 -3.14159 2.5 2.5 }}",
            "1.234568e+05|1.230000E-04|1.000e+00|1e-07|1E+21|1e+05|   3.142|3.142   |-003.142|+2.5|2"),
        Arguments.of("{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" 5 }}{{ template \"t\" }}"
            + "{{ block \"b\" \"z\" }}<{{ . }}>{{ end }}", "[5][<no value>]<z>"),
        Arguments.of("{{/* comment */}}a{{- /* c2 */ -}} b", "ab"),
        Arguments.of("{{ with $labels.job }}{{ . }}{{ end }}|{{ with $labels.nope }}x{{ else }}no{{ end }}"
            + "|{{ index $labels \"instance\" }}|{{ $labels.instance | stripPort }}|{{ \"a.b.c:80\" | stripDomain }}"
            + "|{{ \"1.2.3.4:80\" | stripDomain }}|{{ \"[::1]:80\" | stripPort }}",
            "j|no|i:9|i|a:80|1.2.3.4:80|::1"),
        Arguments.of("{{ eq 1 1 }}|{{ eq \"a\" \"b\" \"a\" }}|{{ ne 1 2 }}|{{ lt 1 2 }}|{{ le 2 2 }}|{{ gt \"b\" \"a\" }}"
            + "|{{ ge 1.5 1.5 }}", "true|true|true|true|true|true|true"),
        Arguments.of("{{ len \"héllo\" }}|{{ index \"abc\" 1 }}|{{ slice \"abcdef\" 1 3 }}|{{ humanize \"1234\" }}",
            "6|98|bc|1.234k"),
        Arguments.of("{{ $labels.job | toUpper | printf \"%s!\" }}|{{ reReplaceAll \"(?P<w>[a-z]+)\" \"<${w}>\" \"ab 12 cd\" }}"
            + "|{{ reReplaceAll \"a*\" \"-\" \"baaac\" }}|{{ match \"^i\" $labels.instance }}",
            "J!|<ab> 12 <cd>|-b-c-|true"),
        Arguments.of("{{ humanize 0.000001234 }}|{{ humanize -1234567 }}|{{ humanize1024 -2048 }}"
            + "|{{ humanizeDuration 0.0000012 }}|{{ humanizeDuration 86400.5 }}|{{ humanizeTimestamp 0 }}"
            + "|{{ humanizeTimestamp -1.5 }}|{{ humanizePercentage 1 }}",
            "1.234u|-1.235M|-2ki|1.2us|1d 0h 0m 0s|1970-01-01 00:00:00 +0000 UTC|1969-12-31 23:59:58.5 +0000 UTC|100%"),
        Arguments.of("{{ (query \"v\" | first).Labels.job }}|{{ query \"v\" | first | label \"instance\" }}"
            + "|{{ query \"v\" | first | value | humanize }}|{{ range query \"v\" | sortByLabel \"job\" }}{{ .Labels.job }}{{ end }}",
            "j|i:9|1.235M|j"),
        Arguments.of("{{ range $k, $v := $externalLabels }}{{ $k }}={{ $v }}{{ end }}|{{ .ExternalLabels.cluster }}"
            + "|{{ $value | printf \"%.1f\" }}", "cluster=c1|c1|1234567.0"),
        Arguments.of("{{ 1.5 | printf \"%d\" }}|{{ printf \"%s\" 1.5 }}|{{ printf \"%v %v\" (args 1) true }}"
            + "|{{ printf \"%q %q\" 65 \"x\\ny\" }}", "%!d(float64=1.5)|%!s(float64=1.5)|map[arg0:1] true|'A' \"x\\ny\""),
        Arguments.of("{{ range $i, $c := args \"a\" \"b\" }}{{ if eq $i \"arg1\" }}{{ break }}{{ end }}{{ $i }}{{ end }}",
            "arg0"),
        Arguments.of("{{ \"abc\" | len }}|{{ printf \"%T\" 1 }}|{{ printf \"%6.2f%%\" 12.3456 }}"
            + "|{{ printf \"%5t|%-7v|\" true nil }}", "3|int| 12.35%| true|<nil>  |"));
  }

  @ParameterizedTest
  @MethodSource("promtoolOutputs")
  void expandsAsPrometheusDoes(String text, String expected) throws TemplateException {
    assertThat(expand(text)).isEqualTo(expected);
  }

  static Stream<Arguments> templateTestCases() {
    return Stream.of(
        Arguments.of("plain text", "plain text"),
        Arguments.of("{{ 1 }}", "1"),
        Arguments.of("{{ \"<b>\" }}", "<b>"),
        Arguments.of("{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}}", "1 2"),
        Arguments.of("{{ query \"1.5\" | first | value }}", "1.5"),
        Arguments.of("{{ query \"metric\" | first | label \"instance\" }}", "b"),
        Arguments.of("{{ query \"metric\" | first | label \"foo\" }}", ""),
        Arguments.of("{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}", ""),
        Arguments.of("{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}}",
            "a:11: b:21: "),
        Arguments.of("{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }}", "xa"),
        Arguments.of("{{ range $v := args 0.0 1.0 1234567.0 0.12 }}{{ humanize $v }}:{{ end }}", "0:1:1.235M:120m:"),
        Arguments.of("{{ range $v := args 0.0 1.0 1048576.0 0.12 }}{{ humanize1024 $v }}:{{ end }}", "0:1:1Mi:0.12:"),
        Arguments.of("{{ range $v := args 0 1 60 3600 86400 90000 -183845 899.99 }}{{ humanizeDuration $v }}:{{ end }}",
            "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:"),
        Arguments.of("{{ range $v := args .1 .0001 .12345 60.1 60.5 1.2345 12.345 }}{{ humanizeDuration $v }}:{{ end }}",
            "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"),
        Arguments.of("{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}"
            + ":{{ 1.23456 | humanizePercentage }}", "-22.22%:0%:12.35%:123.5%"),
        Arguments.of("{{ 1435065584.128 | humanizeTimestamp }}", "2015-06-23 13:19:44.128 +0000 UTC"),
        Arguments.of("{{ \"aa bb CC\" | title }}", "Aa Bb CC"),
        Arguments.of("{{ \"don't stop-me now\" | title }}", "Don't Stop-Me Now"),
        Arguments.of("{{ \"aa bb CC\" | toUpper }}", "AA BB CC"),
        Arguments.of("{{ \"aA bB CC\" | toLower }}", "aa bb cc"),
        Arguments.of("{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }}", "true false"),
        Arguments.of("{{ graphLink \"up\" }}", "/graph?g0.expr=up&g0.tab=0"),
        Arguments.of("{{ tableLink \"rate(x[5m]) > 1\" }}", "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1"),
        Arguments.of("{{ parseDuration \"1h2m10ms\" }}", "3720.01"),
        Arguments.of("{{ range 3 }}{{ . }}{{ end }}", "012"),
        Arguments.of("{{ range $i, $e := args 1 2 3 }}{{ if eq $i \"arg1\" }}{{ continue }}{{ end }}{{ $e }}{{ end }}",
            "13"),
        Arguments.of("{{ with $x := $labels.job }}{{ $x }}{{ end }}", "j"),
        Arguments.of("{{ if and (eq $labels.job \"j\") (gt $value 100.0) }}both{{ end }}", "both"),
        Arguments.of("{{ or $labels.nope \"default\" }}", "default"),
        Arguments.of("a\n{{- /* trimmed */ -}}\nb", "ab"),
        Arguments.of("{{ query \"metric\" | first | strvalue }}|{{ \"<b>\" | safeHtml }}|{{ query \"1.5\" | first }}",
            "|<b>|&{map[] 1.5}"),
        Arguments.of("{{ $x := 1.5 }}{{ printf \"%5.1f|%-5v|%x\" $x \"ab\" 255 }}", "  1.5|ab   |ff"));
  }

  @ParameterizedTest
  @MethodSource("templateTestCases")
  void runsPrometheusTemplateTestCases(String text, String expected) throws TemplateException {
    assertThat(expand(text)).isEqualTo(expected);
  }

  @Test
  void pathPrefixAndExternalUrlComeFromTheExternalUrl() throws TemplateException {
    Template t = TemplateExpander.parseAlertTemplate("A", "{{ pathPrefix }} {{ externalURL }} {{ $externalURL }}");
    AlertTemplateData data = AlertTemplateData.of(LABELS, Labels.EMPTY, "http://testhost:9090/path/prefix", 1);
    String out = new TemplateExpander(QUERY, 0, "http://testhost:9090/path/prefix").expandAlert(t, data);
    assertThat(out).isEqualTo("/path/prefix http://testhost:9090/path/prefix http://testhost:9090/path/prefix");
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("{{", "template: __alert_A:1:3: unclosed action"),
        Arguments.of("{{ \u00a0}}", "unrecognized character in action: U+00A0"),
        Arguments.of("Instance {{ $label.foo }} down", "template: __alert_A:1:13: undefined variable \"$label\""),
        Arguments.of("{{ nosuch 1 }}", "function \"nosuch\" not defined"),
        Arguments.of("{{ if true }}x", "unexpected EOF"),
        Arguments.of("{{ end }}", "unexpected {{end}}"),
        Arguments.of("{{ }}", "missing value for command"),
        Arguments.of("{{ break }}", "{{break}} outside {{range}}"),
        Arguments.of("{{ 1 | 2 }}", "non executable command in pipeline stage 2"),
        Arguments.of("{{ \"a\".x }}", "unexpected . after term \"\\\"a\\\"\""),
        Arguments.of("line1\n{{ if }}", "template: __alert_A:2:7: missing value for if"),
        Arguments.of("{{ 1x }}", "bad number syntax: \"1x\""),
        Arguments.of("{{ \"abc }}", "unterminated quoted string"),
        Arguments.of("{{ if $y := 1 }}{{ end }}{{ $y }}", "undefined variable \"$y\""));
  }

  @ParameterizedTest
  @MethodSource("parseErrors")
  void reportsParseErrorsWithPosition(String text, String message) {
    assertThatThrownBy(() -> TemplateExpander.parseAlertTemplate("A", text))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template: __alert_A:")
        .hasMessageContaining(message);
  }

  static Stream<Arguments> executionErrors() {
    return Stream.of(
        Arguments.of("{{ query \"missing\" | first }}",
            "template: __alert_A:1:22: executing \"__alert_A\" at <first>: error calling first: "
                + "first() called on vector with no elements"),
        Arguments.of("{{ (query \"missing\").banana }}", "can't evaluate field banana in type template.queryResult"),
        Arguments.of("{{ gt $value 1 }}",
            "executing \"__alert_A\" at <gt $value 1>: error calling gt: incompatible types for comparison"),
        Arguments.of("{{ and }}", "at <and>: wrong number of args for and: want at least 1 got 0"),
        Arguments.of("{{ humanize \"x\" }}",
            "error calling humanize: strconv.ParseFloat: parsing \"x\": invalid syntax"),
        Arguments.of("{{ .Nope }}", "at <.Nope>: can't evaluate field Nope in type struct {"),
        Arguments.of("{{ $labels.job.x }}", "at <$labels.job.x>: can't evaluate field x in type string"),
        Arguments.of("{{ title 5 }}", "expected string; found 5"),
        Arguments.of("{{ title $value }}", "wrong type for value; expected string; got float64"),
        Arguments.of("{{ query \"bad(\" }}", "error calling query: 1:5: parse error: unexpected end of input"),
        Arguments.of("{{ reReplaceAll \"(\" \"\" \"x\" }}", "error calling reReplaceAll: regexp: Compile(`(`)"),
        Arguments.of("{{ template \"nope\" }}", "no template \"nope\" associated with template \"__alert_A\""),
        Arguments.of("{{ range 1.5 }}{{ end }}", "range can't iterate over 1.5"),
        Arguments.of("{{ index $labels 1 }}", "error calling index: value has type int; should be string"),
        Arguments.of("{{ 1 2 }}", "can't give argument to non-function 1"));
  }

  @ParameterizedTest
  @MethodSource("executionErrors")
  void reportsExecutionErrorsWithPositionAndContext(String text, String message) {
    assertThatThrownBy(() -> expand(text))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("template: __alert_A:1:")
        .hasMessageContaining(message);
  }

  @Test
  void recursionIsBounded() throws TemplateException {
    Template t = Template.parse("r", "{{ define \"x\" }}{{ template \"x\" }}{{ end }}{{ template \"x\" }}",
        TemplateExpander.FUNCTION_NAMES, List.of());
    assertThatThrownBy(() -> t.execute(null, List.of(), new TemplateExpander(QUERY, 0, "").functions()))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("exceeded maximum template depth");
  }

  @Test
  void aParsedTemplateRunsManyTimesWithDifferentData() throws TemplateException {
    Template t = TemplateExpander.parseAlertTemplate("A", "{{ $labels.instance }} is {{ $value | humanizePercentage }}");
    TemplateExpander x = new TemplateExpander(QUERY, 0, "");
    assertThat(x.expandAlert(t, AlertTemplateData.of(Labels.of("instance", "a"), Labels.EMPTY, "", 0.5)))
        .isEqualTo("a is 50%");
    assertThat(x.expandAlert(t, AlertTemplateData.of(Labels.of("instance", "b"), Labels.EMPTY, "", 0.961)))
        .isEqualTo("b is 96.1%");
  }
}

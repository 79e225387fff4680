package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTextParserTest {
  private static List<ParsedSample> parse(String text) throws ParseException {
    return ParsedSample.parseAll(new PrometheusTextParser(), text);
  }

  @Test
  void readsEntriesInOrderWithMetadata() throws Exception {
    String text = """
        # HELP http_requests_total Requests \\\\ served.\\nSecond line.
        # TYPE http_requests_total counter
        http_requests_total{method="GET",code="200"} 1027 1395066363000
        http_requests_total{method="POST",code="400"}    3 1395066363000

        # a comment
        up 1
        """;
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    Parser p = new PrometheusTextParser().reset(in, in.length);
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.metricName()).isEqualTo("http_requests_total");
    assertThat(p.help()).isEqualTo("Requests \\ served.\nSecond line.");
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.COUNTER);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.line()).isEqualTo(3);
    assertThat(new String(in, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8))
        .isEqualTo("http_requests_total{method=\"GET\",code=\"200\"}");
    assertThat(p.value()).isEqualTo(1027);
    assertThat(p.hasTimestamp()).isTrue();
    assertThat(p.timestamp()).isEqualTo(1395066363000L);
    Labels.Builder b = Labels.builder();
    p.labels(b);
    assertThat((Object) b.build()).isEqualTo(Labels.of("__name__", "http_requests_total", "method", "GET", "code", "200"));
    long hash = p.seriesHash();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.value()).isEqualTo(3);
    assertThat(p.seriesHash()).isNotEqualTo(hash);
    assertThat(p.next()).isEqualTo(Entry.COMMENT);
    assertThat(p.comment()).isEqualTo(" a comment");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasTimestamp()).isFalse();
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void sameSeriesBytesHashTheSameAcrossScrapes() throws Exception {
    byte[] a = "x{a=\"1\"} 1\ny 2\n".getBytes(StandardCharsets.UTF_8);
    byte[] b = "# TYPE x gauge\nx{a=\"1\"} 7 123\n".getBytes(StandardCharsets.UTF_8);
    Parser p = new PrometheusTextParser();
    p.reset(a, a.length).next();
    long h1 = p.seriesHash();
    p.reset(b, b.length).next();
    p.next();
    assertThat(p.seriesHash()).isEqualTo(h1);
    assertThat(p.value()).isEqualTo(7);
  }

  @Test
  void acceptsFreeFormWhitespaceAndEscapes() throws Exception {
    List<ParsedSample> s = parse("""
          name {labelname="val2",basename="base\\"v\\\\al\\nue"} 0.23 1234567890
        name2{ labelname = "val1" , }-Inf
        \tname3\t{a="b"}\t+Inf\t-5\t
        empty{} 3
        """);
    assertThat(s).containsExactly(
        new ParsedSample(Labels.of("__name__", "name", "labelname", "val2", "basename", "base\"v\\al\nue"), 0.23, 1234567890L),
        new ParsedSample(Labels.of("__name__", "name2", "labelname", "val1"), Double.NEGATIVE_INFINITY, null),
        new ParsedSample(Labels.of("__name__", "name3", "a", "b"), Double.POSITIVE_INFINITY, -5L),
        new ParsedSample(Labels.of("__name__", "empty"), 3, null));
  }

  @Test
  void emptyLabelValuesAreDroppedAndNaNIsKept() throws Exception {
    List<ParsedSample> s = parse("m{a=\"\",b=\"x\"} NaN\n");
    assertThat(s).hasSize(1);
    assertThat((Object) s.get(0).labels()).isEqualTo(Labels.of("__name__", "m", "b", "x"));
    assertThat(s.get(0).value()).isNaN();
  }

  @Test
  void emptyInputAndCommentsOnlyHaveNoSamples() throws Exception {
    assertThat(parse("")).isEmpty();
    assertThat(parse("\n\n# only a comment\n#\n")).isEmpty();
  }

  @Test
  void keepsUnknownEscapesLiterallyWhenLenient() throws Exception {
    assertThat(parse("m{a=\"x\\ty\"} 1\n").get(0).labels().get("a")).isEqualTo("x\\ty");
  }

  @Test
  void utf8LabelValues() throws Exception {
    assertThat(parse("m{city=\"Zürich ☃\"} 1\n").get(0).labels().get("city")).isEqualTo("Zürich ☃");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      missing final newline              | 'bla 3.14'                           | 1 | 9  | the last line must end with a line feed
      raw newline in label value         | 'metric{label="new\nline"} 3.14\n'   | 1 | 18 | line break in the value of label
      bad label name                     | 'metric{@="bla"} 3.14\n'             | 1 | 8  | invalid label name
      __name__ label                     | 'metric{__name__="bla"} 3.14\n'      | 1 | 8  | reserved
      label+=                            | 'metric{label+="bla"} 3.14\n'        | 1 | 13 | expected '=' after label name "label"
      unquoted label value               | 'metric{label=bla} 3.14\n'           | 1 | 14 | expected '"' to start the value
      junk after label value             | 'metric{label="bla"+} 3.14\n'        | 1 | 19 | expected ',' or '}'
      non-integer timestamp              | 'metric{label="bla"} 3.14 2.72\n'    | 1 | 26 | invalid timestamp "2.72"
      extra token after timestamp        | 'metric{label="bla"} 3.14 2 3\n'     | 1 | 28 | unexpected text after the timestamp
      non-numeric value                  | 'metric{label="bla"} blubb\n'        | 1 | 21 | invalid value "blubb"
      unknown type                       | '\n# TYPE metric bla\n'              | 2 | 15 | unknown metric type "bla"
      invalid metric name in TYPE        | '\n# TYPE met-ric\n'                 | 2 | 11 | invalid metric name in TYPE line
      invalid metric name                | '@invalidmetric{label="bla"} 3.14 2\n' | 1 | 1 | invalid metric name
      missing metric name                | '{label="bla"} 3.14 2\n'             | 1 | 1  | missing metric name
      missing value                      | 'm{a="b"}\n'                         | 1 | 9  | missing value
      hex float                          | 'm 0x1p-3\n'                         | 1 | 3  | invalid value
      unterminated label value           | 'm{a="b} 1\n'                        | 1 | 10 | line break in the value
      duplicate label                    | 'm{a="1",a="2"} 1\n'                 | 1 | 9  | duplicate label name "a"
      second line error                  | 'ok 1\nbad{ 1\n'                     | 2 | 6  | invalid label name
      """)
  void rejectsMalformedInputWithPosition(String what, String input, int line, int column, String message) {
    String text = input.replace("\\n", "\n");
    assertThatThrownBy(() -> ParsedSample.parseInParts(new PrometheusTextParser(), text))
        .as("parsed line by line")
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ParseException) e).line() + ":" + ((ParseException) e).column()).isEqualTo(line + ":" + column));
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .satisfies(e -> {
          ParseException pe = (ParseException) e;
          assertThat(pe.line()).as("line").isEqualTo(line);
          assertThat(pe.column()).as("column").isEqualTo(column);
          assertThat(pe.getMessage()).startsWith("line " + line + ", column " + column + ": ");
        });
  }

  /** The defects only the Go expfmt parser rejects: Prometheus accepts them, so the lenient mode does too. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bad escape in label value  | 'metric{label="\\t"} 3.14\n'                    | invalid escape sequence
      second HELP                | '# HELP metric one\n# HELP metric two\n'        | second HELP line
      second TYPE                | '# TYPE metric counter\n# TYPE metric untyped\n' | second TYPE line
      TYPE after samples         | 'metric 4.12\n# TYPE metric counter\n'          | TYPE reported after samples
      non-numeric quantile       | '# TYPE metric summary\nmetric{quantile="bla"} 3.14\n' | label "quantile"
      non-numeric le             | '# TYPE metric histogram\nmetric_bucket{le="bla"} 3.14\n' | label "le"
      bad escape in help         | '# HELP metric a\\tb\n'                         | invalid escape sequence
      """)
  void strictModeAddsTheExpfmtChecks(String what, String input, String message) throws Exception {
    String text = input.replace("\\n", "\n");
    assertThat(ParsedSample.parseAll(new PrometheusTextParser(false), text)).isNotNull();
    assertThatThrownBy(() -> ParsedSample.parseAll(new PrometheusTextParser(true), text))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message);
  }

  @Test
  void strictFamilyResolutionFollowsSummaryAndHistogramSuffixes() throws Exception {
    String text = """
        # TYPE s summary
        s{quantile="0.5"} 1
        s_sum 2
        s_count 3
        # HELP s_sum not a new family
        """;
    assertThatThrownBy(() -> ParsedSample.parseAll(new PrometheusTextParser(true), text.replace("# HELP s_sum not a new family", "# TYPE s_sum gauge")))
        .hasMessageContaining("second TYPE line for metric name \"s\"");
    assertThat(ParsedSample.parseAll(new PrometheusTextParser(true), text)).hasSize(3);
  }

  @Test
  void parserIsReusableAfterAnError() throws Exception {
    Parser p = new PrometheusTextParser(true);
    byte[] bad = "# TYPE a counter\n# TYPE a counter\n".getBytes(StandardCharsets.UTF_8);
    p.reset(bad, bad.length);
    p.next();
    assertThatThrownBy(p::next).isInstanceOf(ParseException.class);
    byte[] good = "# TYPE a counter\na 1\n".getBytes(StandardCharsets.UTF_8);
    p.reset(good, good.length);
    List<Entry> entries = new ArrayList<>();
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      entries.add(e);
    }
    assertThat(entries).containsExactly(Entry.TYPE, Entry.SERIES);
  }

  @Test
  void parsesOnlyThePrefixGiven() throws Exception {
    byte[] buf = "a 1\nb 2\ngarbage that is not parsed".getBytes(StandardCharsets.UTF_8);
    Parser p = new PrometheusTextParser().reset(buf, 8);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @Test
  void aStreamParsedInPartsGivesTheSamplesAndLineNumbersOfTheWhole() throws Exception {
    String text = """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter

        http_requests_total{code="200",path="/a b"} 1027 1395066363000
          http_requests_total{code="400"}    3   1395066363000
        # a comment
        m{city="Zürich ☃"} -Inf
        """;
    assertThat(ParsedSample.parseInParts(new PrometheusTextParser(), text)).isEqualTo(parse(text)).hasSize(3);
    assertThat(ParsedSample.parseInParts(new PrometheusTextParser(true), text)).hasSize(3);

    byte[] first = "a 1\n\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "b 2\nc x\n".getBytes(StandardCharsets.UTF_8);
    Parser p = new PrometheusTextParser().reset(first, first.length, false);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.nextLine()).isEqualTo(3);
    p.continueWith(second, second.length, true);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.line()).isEqualTo(3);
    assertThatThrownBy(p::next).hasMessage("line 4, column 3: invalid value \"x\"");
  }

  @Test
  void aPartBeforeTheLastMustEndWithALineFeed() {
    byte[] cut = "a 1\nb".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new PrometheusTextParser().reset(cut, cut.length, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

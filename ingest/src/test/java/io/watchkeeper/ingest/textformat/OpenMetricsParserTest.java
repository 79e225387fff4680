package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenMetricsParserTest {
  private static List<ParsedSample> parse(String text) throws ParseException {
    return ParsedSample.parseAll(new OpenMetricsParser(), text);
  }

  @Test
  void readsMetadataSamplesAndSkipsExemplars() throws Exception {
    String text = """
        # TYPE rpc_seconds histogram
        # UNIT rpc_seconds seconds
        # HELP rpc_seconds RPC latency \\"quoted\\".
        rpc_seconds_bucket{le="0.5"} 3 # {trace_id="abc"} 0.2 1520879607.789
        rpc_seconds_bucket{le="+Inf"} 5 1520879607.789 # {trace_id="def"} 7
        rpc_seconds_count 5
        rpc_seconds_sum 4.5
        rpc_seconds_created 1520430000.123
        # EOF
        """;
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    Parser p = new OpenMetricsParser().reset(in, in.length);
    assertThat(p.next()).isEqualTo(Entry.TYPE);
    assertThat(p.type()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(p.next()).isEqualTo(Entry.UNIT);
    assertThat(p.unit()).isEqualTo("seconds");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.help()).isEqualTo("RPC latency \"quoted\".");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.hasTimestamp()).isFalse();
    assertThat(new String(in, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8))
        .isEqualTo("rpc_seconds_bucket{le=\"0.5\"}");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.timestamp()).isEqualTo(1520879607789L);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.hasExemplar()).isFalse();
    p.next();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.metricName()).isEqualTo("rpc_seconds_created");
    assertThat(p.value()).isEqualTo(1520430000.123);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1000", "1.5, 1500", "1.5e3, 1500000", "000, 0", "-1.1, -1100", "1520430000.123, 1520430000123",
    "0.0009, 0", "1e-3, 1", "12345678901234567890.1, 9223372036854775807",
  })
  void timestampsAreSecondsConvertedExactlyToMillis(String ts, long millis) throws Exception {
    assertThat(parse("a 1 " + ts + "\n# EOF\n").get(0).timestamp()).isEqualTo(millis);
  }

  @Test
  void labelEscapesAndUnknownEscapesKeptLiterally() throws Exception {
    List<ParsedSample> s = parse("""
        a{foo="b\\"a\\nr # ",bar="b\\\\a\\z"} 1
        # EOF""");
    assertThat((Object) s.get(0).labels())
        .isEqualTo(Labels.of("__name__", "a", "foo", "b\"a\nr # ", "bar", "b\\a\\z"));
  }

  @Test
  void lenientModeAcceptsATrailingCommaAsPrometheusDoes() throws Exception {
    String text = "a{b=\"1\",} 1\n# EOF\n";
    assertThat(parse(text)).hasSize(1);
    assertThatThrownBy(() -> ParsedSample.parseAll(new OpenMetricsParser(true), text)).hasMessageContaining("trailing comma");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no EOF                    | 'a 1\n'                              | 2 | 1  | must end with "# EOF"
      text after EOF            | 'a 1\n# EOF\nblah'                   | 3 | 1  | unexpected data after "# EOF"
      blank line                | 'a 1\n\n# EOF\n'                     | 2 | 1  | blank lines are not allowed
      two spaces before value   | 'a  1\n# EOF\n'                      | 1 | 3  | missing value
      trailing space            | 'a 1 \n# EOF\n'                      | 1 | 5  | after the value
      hex value                 | 'a 0x1p-3\n# EOF\n'                  | 1 | 3  | invalid value "0x1p-3"
      underscore value          | 'a 1_2\n# EOF\n'                     | 1 | 3  | invalid value "1_2"
      timestamp NaN             | 'a 1 NaN\n# EOF\n'                   | 1 | 5  | invalid timestamp "NaN"
      unknown metadata          | '# FOO a x\n# EOF\n'                 | 1 | 3  | expected HELP, TYPE, UNIT or EOF
      untyped type              | '# TYPE a untyped\n# EOF\n'          | 1 | 10 | invalid metric type "untyped"
      missing help text         | '# HELP a\n# EOF\n'                  | 1 | 9  | expected a space and the help text
      leading space             | ' # HELP a meh\n# EOF\n'             | 1 | 1  | at the start of a line
      space in label set        | 'a{a="1", b="2"} 1\n# EOF\n'         | 1 | 9  | invalid label name
      exemplar without space    | 'a_total 1 #{} 1\n# EOF\n'           | 1 | 12 | expected a space after '#'
      exemplar too long         | 'a_total 1 # {a="23456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"} 1\n# EOF\n' | 1 | 11 | more than the limit of 128
      exemplar bad timestamp    | 'a_total 1 # {a="b"} 0.5 Inf\n# EOF\n' | 1 | 25 | invalid exemplar timestamp
      duplicate label           | 'a{a="1",a="1"} 1\n# EOF\n'          | 1 | 9  | duplicate label name "a"
      metric name inside braces | 'a{__name__="b"} 1\n# EOF\n'         | 1 | 3  | reserved for the metric name
      """)
  void rejectsMalformedInputWithPosition(String what, String input, int line, int column, String message) {
    String text = input.replace("\\n", "\n");
    assertThatThrownBy(() -> ParsedSample.parseInParts(new OpenMetricsParser(), text))
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
        });
  }

  @Test
  void noNewlineAfterEofIsFine() throws Exception {
    assertThat(parse("a 1\n# EOF")).hasSize(1);
  }

  @Test
  void emptyInputIsAnError() {
    assertThatThrownBy(() -> parse("")).hasMessageContaining("must end with \"# EOF\"");
  }

  @Test
  void strictModeChecksFamilies() {
    String badHistogram = """
        # TYPE a histogram
        a_bucket{le="1"} 2
        a_bucket{le="+Inf"} 1
        a_count 1
        a_sum 1
        # EOF
        """;
    assertThatThrownBy(() -> ParsedSample.parseAll(new OpenMetricsParser(true), badHistogram))
        .hasMessageContaining("histogram \"a\": bucket values are not cumulative");
  }

  @Test
  void aStreamParsedInPartsGivesTheSamplesOfTheWhole() throws Exception {
    String text = """
        # TYPE rpc_seconds histogram
        # UNIT rpc_seconds seconds
        rpc_seconds_bucket{le="0.5"} 3 # {trace_id="abc"} 0.2 1520879607.789
        rpc_seconds_bucket{le="+Inf"} 5
        rpc_seconds_count 5
        rpc_seconds_sum 4.5
        # EOF
        """;
    assertThat(ParsedSample.parseInParts(new OpenMetricsParser(), text)).isEqualTo(parse(text)).hasSize(4);
    assertThat(ParsedSample.parseInParts(new OpenMetricsParser(true), text)).hasSize(4);
  }

  @Test
  void eofEndsTheInputWhicheverPartItIsIn() throws Exception {
    byte[] body = "a 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
    byte[] more = "b 1\n".getBytes(StandardCharsets.UTF_8);
    Parser p = new OpenMetricsParser().reset(body, body.length, false);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    p.continueWith(new byte[0], 0, true);
    assertThat(p.next()).isEqualTo(Entry.EOF);

    p.reset(body, body.length, false);
    p.next();
    p.next();
    p.continueWith(more, more.length, true);
    assertThatThrownBy(p::next).hasMessage("line 3, column 1: unexpected data after \"# EOF\"");

    byte[] noEof = "a 1\n".getBytes(StandardCharsets.UTF_8);
    p.reset(noEof, noEof.length, false);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.next()).as("the end of a part, not of the input").isEqualTo(Entry.EOF);
    p.continueWith(new byte[0], 0, true);
    assertThatThrownBy(p::next).hasMessageContaining("line 2, column 1: unexpected end of input");
  }
}

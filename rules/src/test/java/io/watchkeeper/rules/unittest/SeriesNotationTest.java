package io.watchkeeper.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.rules.unittest.SeriesNotation.SequenceValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesNotationTest {
  /** Each position as its histogram's test expression, its float, or _ when omitted. */
  private static List<String> expand(String notation) throws SeriesNotation.SyntaxException {
    return SeriesNotation.parseValues(notation).stream()
        .map(v -> v == null ? "_" : v.histogram() != null ? v.histogram().toString() : Double.toString(v.value()))
        .toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // every key, printed back in Prometheus' test-expression order
    "{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 n_buckets:[4.1 5] n_offset:-5}}"
        + "|{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}",
    "{{}}|{{}}",
    "{{count:1 counter_reset_hint:not_reset}}|{{count:1 counter_reset_hint:not_reset}}",
    "{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}|{{schema:-53 count:1 sum:1 custom_values:[5 10] buckets:[1]}}",
    "{{count:1e6 sum:-2.5e-7}}|{{count:1e+06 sum:-2.5e-07}}",
  })
  void parsesOneHistogram(String notation, String canonical) throws SeriesNotation.SyntaxException {
    assertThat(expand(notation)).containsExactly(canonical);
    assertThat(SeriesNotation.parseHistogram(notation)).hasToString(canonical);
  }

  @Test
  void repeatsAHistogramNPlusOneTimes() throws SeriesNotation.SyntaxException {
    assertThat(expand("{{sum:3 count:2 buckets:[2]}}x2"))
        .containsExactly("{{count:2 sum:3 buckets:[2]}}", "{{count:2 sum:3 buckets:[2]}}", "{{count:2 sum:3 buckets:[2]}}");
  }

  @Test
  void addsAndSubtractsStepByStep() throws SeriesNotation.SyntaxException {
    assertThat(expand("{{sum:3 count:2 buckets:[2]}}+{{sum:1.3 count:1 buckets:[1]}}x2"))
        .containsExactly("{{count:2 sum:3 buckets:[2]}}", "{{count:3 sum:4.3 buckets:[3]}}", "{{count:4 sum:5.6 buckets:[4]}}");
    assertThat(expand("{{count:5 buckets:[5]}}-{{count:2 buckets:[2]}}x1"))
        .containsExactly("{{count:5 buckets:[5]}}", "{{count:3 buckets:[3]}}");
  }

  @Test
  void mergesAFinerIncrementDownToTheBaseSchema() throws SeriesNotation.SyntaxException {
    assertThat(expand("{{schema:0 count:1 offset:1 buckets:[1]}}+{{schema:1 count:2 offset:1 buckets:[1 1]}}x1"))
        .containsExactly("{{count:1 offset:1 buckets:[1]}}", "{{count:3 offset:1 buckets:[3]}}");
    assertThatThrownBy(() -> expand("{{schema:1 count:1}}+{{schema:0 count:1}}x1"))
        .hasMessageContaining("cannot merge from schema 0 to 1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // the generated elements' hints: gauge wins, equal hints stay, anything else is unknown
    "gauge|gauge|counter_reset_hint:gauge",
    "gauge|reset|counter_reset_hint:gauge",
    "reset|reset|counter_reset_hint:reset",
    "not_reset|not_reset|counter_reset_hint:not_reset",
    "reset|not_reset|",
    "unknown|not_reset|",
  })
  void givesGeneratedElementsTheCombinedHint(String a, String b, String hint) throws SeriesNotation.SyntaxException {
    List<SequenceValue> values = SeriesNotation.parseValues(
        "{{count:1 counter_reset_hint:" + a + "}}+{{count:1 counter_reset_hint:" + b + "}}x1");
    String want = hint == null ? "{{count:2}}" : "{{count:2 " + hint + "}}";
    assertThat(values.get(1).histogram()).hasToString(want);
  }

  @Test
  void mixesHistogramsWithFloatsAndGaps() throws SeriesNotation.SyntaxException {
    assertThat(expand("1 _ {{count:1}} stale _x2 {{count:2}}x1"))
        .isEqualTo(Arrays.asList("1.0", "_", "{{count:1}}", "NaN", "_", "_", "{{count:2}}", "{{count:2}}"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{{count:1|unterminated histogram",
    "{{count:1 count:2}}|duplicate key \"count\"",
    "{{foo:1}}|unknown key \"foo\"",
    "{{schema:x}}|needs an integer",
    "{{buckets:[1 a]}}|needs numbers",
    "{{count:1}}y3|cannot parse value",
    "{{counter_reset_hint:maybe}}|unknown counter reset hint",
    "{{schema:9}}|schema must be",
  })
  void rejectsMalformedHistograms(String notation, String message) {
    assertThatThrownBy(() -> SeriesNotation.parseValues(notation))
        .isInstanceOf(SeriesNotation.SyntaxException.class).hasMessageContaining(message);
  }

  @Test
  void aHistogramExpectationIsExactlyOneHistogram() {
    assertThatThrownBy(() -> SeriesNotation.parseHistogram("{{count:1}}x1")).hasMessageContaining("expected one histogram");
    assertThatThrownBy(() -> SeriesNotation.parseHistogram("1")).hasMessageContaining("expected one histogram");
  }
}

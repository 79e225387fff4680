package io.watchkeeper.ingest.relabel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RelabelConfigTest {
  private static RelabelConfig.Builder step() {
    return RelabelConfig.builder();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(step().build(), "relabel configuration for replace action requires 'target_label' value"),
        Arguments.of(step().action(RelabelAction.HASHMOD).targetLabel("x").build(), "relabel configuration for hashmod requires non-zero modulus"),
        Arguments.of(step().action(RelabelAction.LOWERCASE).build(), "relabel configuration for lowercase action requires 'target_label' value"),
        Arguments.of(step().targetLabel("0bad").build(), "\"0bad\" is invalid 'target_label' for replace action"),
        Arguments.of(step().action(RelabelAction.HASHMOD).modulus(3).targetLabel("${1}").build(), "\"${1}\" is invalid 'target_label' for hashmod action"),
        Arguments.of(step().action(RelabelAction.UPPERCASE).targetLabel("x").replacement("y").build(), "'replacement' can not be set for uppercase action"),
        Arguments.of(step().action(RelabelAction.LABELMAP).replacement("-x").build(), "\"-x\" is invalid 'replacement' for labelmap action"),
        Arguments.of(step().action(RelabelAction.KEEPEQUAL).targetLabel("x").regex("a").build(),
            "keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
        Arguments.of(step().action(RelabelAction.LABELDROP).sourceLabels("a").regex("a").build(),
            "labeldrop action requires only 'regex', and no other fields"),
        Arguments.of(step().action(RelabelAction.LABELKEEP).targetLabel("t").build(),
            "labelkeep action requires only 'regex', and no other fields"),
        Arguments.of(step().sourceLabels("bad-name").targetLabel("x").build(), "\"bad-name\" is not a valid label name in 'source_labels'"),
        Arguments.of(step().regex("(unclosed").targetLabel("x").build(), "invalid regular expression \"(unclosed\""));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWithPrometheusMessages(RelabelConfig c, String message) {
    assertThatThrownBy(c::validate).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void acceptsValidSteps() {
    assertThatCode(() -> {
      step().targetLabel("${1}_x").build().validate();
      step().action(RelabelAction.HASHMOD).modulus(-1).targetLabel("__tmp").build().validate(); // 2^64-1 unsigned
      step().action(RelabelAction.LABELMAP).regex("__meta_(.+)").replacement("$1").build().validate();
      step().action(RelabelAction.LABELDROP).regex("tmp_.*").build().validate();
      step().action(RelabelAction.DROPEQUAL).sourceLabels("a").targetLabel("b").build().validate();
      step().action(RelabelAction.KEEP).sourceLabels("__name__").regex("up|scrape_.*").build().validate();
    }).doesNotThrowAnyException();
  }

  @Test
  void actionsParseCaseInsensitively() {
    org.assertj.core.api.Assertions.assertThat(RelabelAction.fromText("LabelMap")).contains(RelabelAction.LABELMAP);
    org.assertj.core.api.Assertions.assertThat(RelabelAction.fromText("nope")).isEmpty();
  }
}

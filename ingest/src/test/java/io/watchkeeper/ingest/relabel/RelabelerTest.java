package io.watchkeeper.ingest.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Table-driven, after the examples of Prometheus' relabelling documentation and tests. */
class RelabelerTest {
  private static final Labels ABC = Labels.of("a", "foo", "b", "bar", "c", "baz");

  private static RelabelConfig.Builder step() {
    return RelabelConfig.builder();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("replace with a capture group", ABC,
            List.of(step().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch${1}-ch${1}").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
        Arguments.of("replace joins source labels with the separator", ABC,
            List.of(step().sourceLabels("a", "b").regex("f(.*);(.*)r").targetLabel("a").replacement("b${1}${2}m").build()),
            Labels.of("a", "boobam", "b", "bar", "c", "baz")),
        Arguments.of("replace with a custom separator", ABC,
            List.of(step().sourceLabels("c", "a").separator("-").targetLabel("d").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "baz-foo")),
        Arguments.of("steps see the previous step's output", ABC,
            List.of(
                step().sourceLabels("a").regex("f(.*)").targetLabel("d").replacement("ch$1-ch$1").build(),
                step().sourceLabels("d").regex("(.*)-(.*)").targetLabel("e").replacement("$2 $1").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo", "e", "choo choo")),
        Arguments.of("no match, no replacement", ABC,
            List.of(step().sourceLabels("a").regex("x(.*)").targetLabel("d").build()), ABC),
        Arguments.of("the regex is anchored", ABC,
            List.of(step().sourceLabels("a").regex("o+").targetLabel("d").replacement("matched").build()), ABC),
        Arguments.of("an empty replacement deletes the target", ABC,
            List.of(step().sourceLabels("a").regex("foo").targetLabel("b").replacement("").build()),
            Labels.of("a", "foo", "c", "baz")),
        Arguments.of("the target label can be a template", ABC,
            List.of(step().sourceLabels("a").regex("(f)(.*)").targetLabel("${1}_${2}").replacement("x").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "f_oo", "x")),
        Arguments.of("an invalid expanded target is skipped", ABC,
            List.of(step().sourceLabels("a").regex("(.*)").targetLabel("${1}").replacement("x").build(),
                step().sourceLabels("b").regex("(x)?bar").targetLabel("${1}").replacement("y").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "foo", "x")),
        Arguments.of("named groups with underscores and $$", Labels.of("addr", "10.1.2.3:9100"),
            List.of(step().sourceLabels("addr").regex("(?P<ip_addr>[^:]+):(?P<port>\\d+)").targetLabel("x")
                .replacement("${ip_addr}$$${port}").build()),
            Labels.of("addr", "10.1.2.3:9100", "x", "10.1.2.3$9100")),
        Arguments.of("$1x names a group called 1x, which is empty", Labels.of("a", "foo"),
            List.of(step().sourceLabels("a").regex("(f)oo").targetLabel("b").replacement("$1x|${1}x").build()),
            Labels.of("a", "foo", "b", "|fx")),
        Arguments.of("a missing source label reads as empty", ABC,
            List.of(step().sourceLabels("missing").regex("").targetLabel("d").replacement("was empty").build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "was empty")),
        Arguments.of("hashmod is md5-based as in Prometheus", ABC,
            List.of(step().action(RelabelAction.HASHMOD).sourceLabels("c").targetLabel("d").modulus(1000).build()),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        Arguments.of("hashmod and keep shard targets", Labels.of("__address__", "10.0.0.1:9100"),
            List.of(step().action(RelabelAction.HASHMOD).sourceLabels("__address__").targetLabel("__tmp_hash").modulus(2).build(),
                step().action(RelabelAction.KEEP).sourceLabels("__tmp_hash").regex("1").build()),
            Labels.of("__address__", "10.0.0.1:9100", "__tmp_hash", "1")),
        Arguments.of("labelmap copies meta labels", Labels.of("__meta_kubernetes_pod_label_app", "api", "__meta_x", "1", "job", "j"),
            List.of(step().action(RelabelAction.LABELMAP).regex("__meta_kubernetes_pod_label_(.+)").build()),
            Labels.of("__meta_kubernetes_pod_label_app", "api", "__meta_x", "1", "job", "j", "app", "api")),
        Arguments.of("labelmap with a replacement template", ABC,
            List.of(step().action(RelabelAction.LABELMAP).regex("(b.*)").replacement("${1}_new").build()),
            Labels.of("a", "foo", "b", "bar", "b_new", "bar", "c", "baz")),
        Arguments.of("labeldrop", ABC, List.of(step().action(RelabelAction.LABELDROP).regex("(b|c)").build()),
            Labels.of("a", "foo")),
        Arguments.of("labelkeep", ABC, List.of(step().action(RelabelAction.LABELKEEP).regex("(b|c)").build()),
            Labels.of("b", "bar", "c", "baz")),
        Arguments.of("lowercase", Labels.of("foo", "bAr123Foo"),
            List.of(step().action(RelabelAction.LOWERCASE).sourceLabels("foo").targetLabel("foo_lower").build()),
            Labels.of("foo", "bAr123Foo", "foo_lower", "bar123foo")),
        Arguments.of("uppercase of two labels", Labels.of("foo", "bAr123Foo", "bar", "x"),
            List.of(step().action(RelabelAction.UPPERCASE).sourceLabels("foo", "bar").targetLabel("up").build()),
            Labels.of("foo", "bAr123Foo", "bar", "x", "up", "BAR123FOO;X")),
        Arguments.of("keep when matching", ABC, List.of(step().action(RelabelAction.KEEP).sourceLabels("a").regex("f.*").build()), ABC),
        Arguments.of("drop when not matching", ABC, List.of(step().action(RelabelAction.DROP).sourceLabels("a").regex("x.*").build()), ABC),
        Arguments.of("keepequal when equal", Labels.of("a", "1", "b", "1"),
            List.of(step().action(RelabelAction.KEEPEQUAL).sourceLabels("a").targetLabel("b").build()),
            Labels.of("a", "1", "b", "1")),
        Arguments.of("dropequal when different", Labels.of("a", "1", "b", "2"),
            List.of(step().action(RelabelAction.DROPEQUAL).sourceLabels("a").targetLabel("b").build()),
            Labels.of("a", "1", "b", "2")),
        Arguments.of("dot matches a newline", Labels.of("a", "x\ny"),
            List.of(step().sourceLabels("a").regex("x.y").targetLabel("b").replacement("nl").build()),
            Labels.of("a", "x\ny", "b", "nl")),
        Arguments.of("POSIX classes and a literal brace", Labels.of("a", "ab12{x}"),
            List.of(step().sourceLabels("a").regex("([[:alpha:]]+)[[:digit:]]+{x}").targetLabel("b").build()),
            Labels.of("a", "ab12{x}", "b", "ab")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void relabels(String name, Labels input, List<RelabelConfig> steps, Labels expected) {
    assertThat((Object) Relabeler.compile(steps).process(input)).isEqualTo(expected);
  }

  static Stream<Arguments> dropping() {
    return Stream.of(
        Arguments.of("drop", step().action(RelabelAction.DROP).sourceLabels("a").regex(".*o.*").build()),
        Arguments.of("keep", step().action(RelabelAction.KEEP).sourceLabels("a").regex("bar").build()),
        Arguments.of("keep with a missing label", step().action(RelabelAction.KEEP).sourceLabels("zz").regex(".+").build()),
        Arguments.of("keepequal", step().action(RelabelAction.KEEPEQUAL).sourceLabels("a").targetLabel("b").build()),
        Arguments.of("dropequal", step().action(RelabelAction.DROPEQUAL).sourceLabels("a").targetLabel("a").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dropping")
  void dropsTheWholeLabelSet(String name, RelabelConfig step) {
    assertThat((Object) Relabeler.compile(List.of(step)).process(ABC)).isNull();
  }

  @Test
  void compileNamesTheInvalidStep() {
    List<RelabelConfig> steps = List.of(step().targetLabel("x").build(), step().action(RelabelAction.HASHMOD).targetLabel("h").build());
    assertThatThrownBy(() -> Relabeler.compile(steps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relabel step 1: relabel configuration for hashmod requires non-zero modulus");
  }

  @Test
  void noStepsReturnsTheInput() {
    assertThat(Relabeler.compile(List.of())).isSameAs(Relabeler.NONE);
    assertThat((Object) Relabeler.NONE.process(ABC)).isSameAs(ABC);
  }
}

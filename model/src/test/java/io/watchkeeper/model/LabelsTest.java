package io.watchkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void sortsByNameAndDropsEmptyValues() {
    Labels l = Labels.of("job", "api", "__name__", "up", "zone", "", "instance", "a:1");
    assertThat(l.toString()).isEqualTo("{__name__=\"up\", instance=\"a:1\", job=\"api\"}");
    assertThat(l.size()).isEqualTo(3);
    assertThat(l.get("zone")).isEmpty();
    assertThat(l.metricName()).isEqualTo("up");
  }

  @Test
  void dropsTheMetricNameWhereverItSorts() {
    assertThat((Object) Labels.of("__name__", "up", "job", "api").withoutMetricName()).isEqualTo(Labels.of("job", "api"));
    assertThat((Object) Labels.of("__name__", "up", "A", "1", "job", "api").withoutMetricName())
        .isEqualTo(Labels.of("A", "1", "job", "api"));
    assertThat((Object) Labels.of("__name__", "up").withoutMetricName()).isEqualTo(Labels.EMPTY);
    Labels none = Labels.of("job", "api");
    assertThat((Object) none.withoutMetricName()).isSameAs(none);
    assertThat(Labels.of("__name__", "up", "job", "api").withoutMetricName().hashCode())
        .isEqualTo(Labels.of("job", "api").hashCode());
  }

  @Test
  void rejectsDuplicateNamesAndOddCounts() {
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate label name a");
    assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("odd");
  }

  @Test
  void equalityHashAndOrderFollowContent() {
    Labels a = Labels.of("a", "1", "b", "2");
    Labels b = Labels.builder().set("b", "2").set("a", "1").build();
    assertThat((Object) a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.stableHash()).isEqualTo(b.stableHash());
    assertThat(a.stableHash()).isNotEqualTo(Labels.of("a", "12").stableHash());
    assertThat(a.compareTo(Labels.of("a", "1"))).isPositive();
    assertThat(a.compareTo(Labels.of("a", "1", "c", "0"))).isNegative();
  }

  @Test
  void builderEditsAndReuse() {
    Labels.Builder b = Labels.of("a", "1", "b", "2", "c", "3").toBuilder();
    b.delete("b").set("a", "x").set("c", "");
    assertThat((Object) b.build()).isEqualTo(Labels.of("a", "x"));
    b.reset(Labels.of("z", "9"));
    assertThat((Object) b.build()).isEqualTo(Labels.of("z", "9"));
    assertThat((Object) Labels.of("a", "1", "b", "2").without(List.of("a"))).isEqualTo(Labels.of("b", "2"));
    assertThat((Object) Labels.of("a", "1", "b", "2").keeping(List.of("a"))).isEqualTo(Labels.of("a", "1"));
  }

  @Test
  void quotesLikeGo() {
    assertThat(Labels.of("a", "x\"y\\z\nw").toString()).isEqualTo("{a=\"x\\\"y\\\\z\\nw\"}");
  }

  @Test
  void validatesNames() {
    assertThat(Labels.isValidLabelName("_a1")).isTrue();
    assertThat(Labels.isValidLabelName("1a")).isFalse();
    assertThat(Labels.isValidLabelName("a:b")).isFalse();
    assertThat(Labels.isValidMetricName("a:b_c")).isTrue();
    assertThat(Labels.isValidMetricName("a-b")).isFalse();
  }

  @Test
  void matchersAnchorRegexesAndTreatMissingAsEmpty() {
    Labels l = Labels.of("__name__", "up", "job", "api-server");
    assertThat(Matcher.of(MatchType.REGEX, "job", "api").matches(l)).isFalse();
    assertThat(Matcher.of(MatchType.REGEX, "job", "api.*").matches(l)).isTrue();
    assertThat(Matcher.of(MatchType.NOT_REGEX, "job", "api").matches(l)).isTrue();
    assertThat(Matcher.equal("zone", "").matches(l)).isTrue();
    assertThat(Matcher.of(MatchType.REGEX, "a", "x.y").matches("x\ny")).isTrue();
    assertThat(Matcher.of(MatchType.REGEX, "job", "a|b").toString()).isEqualTo("job=~\"a|b\"");
  }
}

package io.watchkeeper.alerting.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.model.Labels;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void emptyLabelSetHasTheFnvOffset() {
    assertThat(Fingerprint.format(Fingerprint.of(Labels.EMPTY))).isEqualTo("cbf29ce484222325");
  }

  @Test
  void fingerprintIsFnv1aOverSortedNamesAndValuesWithSeparators() {
    // FNV-1a 64 of "a\xffb\xff", computed by hand from the definition.
    long h = 0xcbf29ce484222325L;
    for (int b : new int[] {'a', 0xff, 'b', 0xff}) {
      h = (h ^ b) * 0x100000001b3L;
    }
    assertThat(Fingerprint.of(Labels.of("a", "b"))).isEqualTo(h);
    assertThat(Fingerprint.of(Labels.of("b", "2", "a", "1"))).isEqualTo(Fingerprint.of(Labels.of("a", "1", "b", "2")));
    assertThat(Fingerprint.of(Labels.of("a", "b"))).isNotEqualTo(Fingerprint.of(Labels.of("a", "c")));
  }

  @Test
  void formatsSixteenHexDigitsAndParsesBack() {
    long fp = Fingerprint.of(Labels.of("alertname", "HighCPU", "instance", "web-1"));
    String hex = Fingerprint.format(fp);
    assertThat(hex).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(Fingerprint.parse(hex)).isEqualTo(fp);
    assertThat(Fingerprint.format(1)).isEqualTo("0000000000000001");
    assertThatThrownBy(() -> Fingerprint.parse("xyz")).isInstanceOf(IllegalArgumentException.class);
  }
}

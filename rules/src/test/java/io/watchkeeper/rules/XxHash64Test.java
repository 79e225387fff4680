package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XxHash64Test {
  /** Reference values from the system's libxxhash (XXH64, seed 0). */
  @ParameterizedTest
  @CsvSource({
    "'', ef46db3751d8e999",
    "a, d24ec4f1a98c6e5b",
    "abc, 44bc2cf5ad770999",
    "0123456789abcdef0123456789abcdef0123456789, a76190c3acf08a1c",
  })
  void matchesTheReferenceImplementation(String input, String hex) {
    assertThat(XxHash64.hash(input.getBytes(StandardCharsets.UTF_8))).isEqualTo(Long.parseUnsignedLong(hex, 16));
  }

  @ParameterizedTest
  @CsvSource({"100, 92f0de5a88a3c094"})
  void hashesLongInputsInStripes(int n, String hex) {
    assertThat(XxHash64.hash("x".repeat(n).getBytes(StandardCharsets.UTF_8))).isEqualTo(Long.parseUnsignedLong(hex, 16));
  }

  @ParameterizedTest
  @CsvSource({"rules.yml, alerts, 8563911675618656361"})
  void hashesLabelSetsAsPrometheusStringLabelsDoes(String file, String name, String unsigned) {
    assertThat(XxHash64.labelsHash("file", file, "name", name)).isEqualTo(Long.parseUnsignedLong(unsigned));
  }
}

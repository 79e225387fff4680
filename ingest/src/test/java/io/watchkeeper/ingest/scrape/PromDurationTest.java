package io.watchkeeper.ingest.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromDurationTest {
  @ParameterizedTest
  @CsvSource({"15000, 15s", "60000, 1m", "90000, 1m30s", "500, 500ms", "0, 0s", "86400000, 1d", "604800000, 1w", "691200000, 8d", "3601001, 1h1s1ms"})
  void formatsAndParsesLikePrometheus(long millis, String text) {
    assertThat(PromDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(PromDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "15", "1.5s", "s", "1h-1m", "1m1h"})
  void rejectsInvalid(String s) {
    assertThatThrownBy(() -> PromDuration.parse(s)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
  }
}

package io.watchkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromDurationTest {
  @ParameterizedTest
  @CsvSource({"0,0,0s", "15s,15000,15s", "1h30m,5400000,1h30m", "100ms,100,100ms", "1d,86400000,1d", "400d,34560000000,400d",
      "1w,604800000,1w", "1y,31536000000,1y", "90m,5400000,1h30m", "2h0m1s,7201000,2h1s", "1m500ms,60500,1m500ms"})
  void parsesAndFormatsAsPrometheus(String text, long millis, String formatted) {
    assertThat(PromDuration.parseMillis(text)).isEqualTo(millis);
    assertThat(PromDuration.format(millis)).isEqualTo(formatted);
  }

  @org.junit.jupiter.api.Test
  void formatsNegativeDurations() {
    assertThat(PromDuration.format(-90_000)).isEqualTo("-1m30s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "m", "1.5s", "-1s", "1s1m", "1x", "5m5m", "1ms1s", " 1s"})
  void rejectsWhatPrometheusRejects(String text) {
    assertThatThrownBy(() -> PromDuration.parseMillis(text)).isInstanceOf(IllegalArgumentException.class);
  }
}

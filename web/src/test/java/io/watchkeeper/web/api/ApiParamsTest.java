package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParamsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1700000000, 1700000000000",
    "1700000000.123, 1700000000123",
    "1700000000.1234, 1700000000123",
    "1700000000.9996, 1700000001000",
    "1.7e9, 1700000000000",
    "-1.5, -1500",
    "0, 0",
    "2023-11-14T22:13:20Z, 1700000000000",
    "2023-11-14T22:13:20.5Z, 1700000000500",
    "2023-11-14T23:13:20.123456789+01:00, 1700000000123",
    "1969-12-31T23:59:59.5Z, -500",
    "-292273086-05-16T16:47:06Z, -9223309901257974000",
    "292277025-08-18T07:12:54.999999999Z, 9223309901257974999"
  })
  void parsesUnixSecondsAndRfc3339(String text, long millis) {
    assertThat(ApiParams.parseTime(text)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "abc", "NaN", "Inf", "-Inf", "1e300", "2023-13-01T00:00:00Z", "2023-11-14 22:13:20", "0x10"})
  void refusesWhatIsNoTime(String text) {
    assertThatThrownBy(() -> ApiParams.parseTime(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot parse \"" + text + "\" to a valid timestamp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"15, 15000", "0.5, 500", "1m30s, 90000", "1h, 3600000", "100ms, 100", "2d, 172800000", "-1, -1000", "0, 0"})
  void parsesFloatSecondsAndPrometheusDurations(String text, long millis) {
    assertThat(ApiParams.parseDurationMillis(text)).isEqualTo(millis);
  }

  @Test
  void refusesBadAndOverflowingDurations() {
    assertThatThrownBy(() -> ApiParams.parseDurationMillis("abc")).hasMessage("cannot parse \"abc\" to a valid duration");
    assertThatThrownBy(() -> ApiParams.parseDurationMillis("")).hasMessage("cannot parse \"\" to a valid duration");
    assertThatThrownBy(() -> ApiParams.parseDurationMillis("1s1m")).hasMessage("cannot parse \"1s1m\" to a valid duration");
    assertThatThrownBy(() -> ApiParams.parseDurationMillis("1e20"))
        .hasMessage("cannot parse \"1e20\" to a valid duration. It overflows int64");
    assertThatThrownBy(() -> ApiParams.parseDurationMillis("NaN")).hasMessage("cannot parse \"NaN\" to a valid duration");
  }
}

package io.watchkeeper.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatFormatTest {
  // Expected strings are what Go's strconv writes (Prometheus jsonutil.MarshalFloat, encoding/json
  // and client_golang's expfmt).
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1                       | 1                       | 1                       | 1",
        "0                       | 0                       | 0                       | 0",
        "-0.0                    | -0                      | -0                      | 0",
        "1.5                     | 1.5                     | 1.5                     | 1.5",
        "-2.5                    | -2.5                    | -2.5                    | -2.5",
        "0.1                     | 0.1                     | 0.1                     | 0.1",
        "0.30000000000000004     | 0.30000000000000004     | 0.30000000000000004     | 0.30000000000000004",
        "100000                  | 100000                  | 100000                  | 100000",
        "123456                  | 123456                  | 123456                  | 123456",
        "1000000                 | 1000000                 | 1000000                 | 1e+06",
        "1234567                 | 1234567                 | 1234567                 | 1.234567e+06",
        "1.7000000000123E9       | 1700000000.0123         | 1700000000.0123         | 1.7000000000123e+09",
        "1E20                    | 100000000000000000000   | 100000000000000000000   | 1e+20",
        "1E21                    | 1e+21                   | 1e+21                   | 1e+21",
        "1.5E21                  | 1.5e+21                 | 1.5e+21                 | 1.5e+21",
        "0.0001                  | 0.0001                  | 0.0001                  | 0.0001",
        "0.00001                 | 0.00001                 | 0.00001                 | 1e-05",
        "0.000001                | 0.000001                | 0.000001                | 1e-06",
        "1E-7                    | 1e-07                   | 1e-7                    | 1e-07",
        "1.234E-7                | 1.234e-07               | 1.234e-7                | 1.234e-07",
        "6.576866E-3             | 0.006576866             | 0.006576866             | 0.006576866",
        "1.7976931348623157E308  | 1.7976931348623157e+308 | 1.7976931348623157e+308 | 1.7976931348623157e+308",
        "4.9E-324                | 5e-324                  | 5e-324                  | 5e-324",
        "1E-100                  | 1e-100                  | 1e-100                  | 1e-100",
        "1E-322                  | 1e-322                  | 1e-322                  | 1e-322",
        "9.4E-323                | 9.4e-323                | 9.4e-323                | 9.4e-323",
      })
  void formatsLikeGo(double value, String sample, String json, String exposition) {
    assertThat(FloatFormat.sampleValue(value)).isEqualTo(sample);
    assertThat(FloatFormat.jsonNumber(value)).isEqualTo(json);
    assertThat(FloatFormat.exposition(value)).isEqualTo(exposition);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"NaN, NaN, NaN", "Infinity, +Inf, +Inf", "-Infinity, -Inf, -Inf"})
  void writesSpecialValuesAsPrometheus(double value, String sample, String exposition) {
    assertThat(FloatFormat.sampleValue(value)).isEqualTo(sample);
    assertThat(FloatFormat.exposition(value)).isEqualTo(exposition);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1700000000000, 1700000000",
    "1700000000123, 1700000000.123",
    "1700000000100, 1700000000.100",
    "1700000000005, 1700000000.005",
    "1700000000050, 1700000000.050",
    "0, 0",
    "-1500, -1.500",
    "999, 0.999"
  })
  void writesTimestampsAsSecondsWithMillis(long millis, String text) {
    assertThat(FloatFormat.timestamp(millis)).isEqualTo(text);
  }

  // What Go's strconv.FormatFloat(v, 'e', -1, 64) writes: the value of an alert.
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1, 1e+00",
    "0, 0e+00",
    "-0.0, -0e+00",
    "0.25, 2.5e-01",
    "-2.5, -2.5e+00",
    "0.1, 1e-01",
    "123456, 1.23456e+05",
    "1E21, 1e+21",
    "1E-7, 1e-07",
    "1E100, 1e+100",
    "1.7976931348623157E308, 1.7976931348623157e+308",
    "4.9E-324, 5e-324",
    "NaN, NaN",
    "Infinity, +Inf",
    "-Infinity, -Inf"
  })
  void writesAlertValuesInExponentFormLikeGo(double value, String text) {
    assertThat(FloatFormat.alertValue(value)).isEqualTo(text);
  }
}

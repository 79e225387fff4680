package io.watchkeeper.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's number forms, with the outputs Go 1.21 prints for the same values. */
class GoFloatTest {
  @ParameterizedTest
  @CsvSource({"0,0", "-0.0,-0", "1,1", "-0.3,-0.3", "1000000,1000000", "1e21,1000000000000000000000", "0.00001,0.00001",
      "1.5e-7,0.00000015", "32.1,32.1", "123456789.125,123456789.125", "NaN,NaN", "Infinity,+Inf", "-Infinity,-Inf"})
  void formatsAsStrconvF(double v, String want) {
    assertThat(GoFloat.formatF(v)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"0,0.000000", "1.5,1.500000", "-0.25,-0.250000", "1e-7,0.000000", "NaN,NaN", "Infinity,+Inf", "-Infinity,-Inf"})
  void formatsAsPercentF(double v, String want) {
    assertThat(GoFloat.fixed6(v)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"1, 1E+00", "0, 0E+00", "-0.0, -0E+00", "60, 6E+01", "9218880000, 9.21888E+09", "0.25, 2.5E-01", "-1.5, -1.5E+00",
      "1e-300, 1E-300", "NaN, NaN", "Infinity, +Inf"})
  void formatsAsStrconvE(double v, String want) {
    assertThat(GoFloat.formatE(v)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,1", "-0.3,-0.3", "100000,100000", "1000000,1e+06", "1234567,1.234567e+06", "0.0001,0.0001",
      "0.00001,1e-05", "1.5e-300,1.5e-300", "32.1,32.1", "NaN,NaN", "Infinity,+Inf", "-Infinity,-Inf"})
  void formatsAsPercentG(double v, String want) {
    assertThat(GoFloat.formatG(v)).isEqualTo(want);
  }
}

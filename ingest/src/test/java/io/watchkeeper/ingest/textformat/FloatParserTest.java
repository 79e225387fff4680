package io.watchkeeper.ingest.textformat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FloatParserTest {
  private static double parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return FloatParser.parseFloat(b, 0, b.length);
  }

  @Test
  void specialValues() {
    assertThat(parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Double.doubleToRawLongBits(parse("NaN"))).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
    assertThat(parse("nan")).isNaN();
    assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(parse("0000000000000000000000000000000000000000001.2e-1")).isEqualTo(0.12);
    assertThat(parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
    assertThat(parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse(".5")).isEqualTo(0.5);
    assertThat(parse("5.")).isEqualTo(5.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x1p-3", "1_000", "Infx", "na", "1 ", " 1", "1d", "1f", "++1", "--1"})
  void rejectsMalformed(String s) {
    assertThat(FloatParser.isInvalid(parse(s))).as("'%s'", s).isTrue();
  }

  @Test
  void agreesWithDoubleParseDoubleOnRandomValues() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 50_000; i++) {
      double d = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(-30, 30));
        case 2 -> (double) r.nextLong(1_000_000_000_000L) / 100;
        default -> r.nextInt(1_000_000);
      };
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String[] forms = {Double.toString(d), String.format(Locale.ROOT, "%.6g", d), String.format(Locale.ROOT, "%.17e", d)};
      for (String s : forms) {
        assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
      }
    }
  }

  @Test
  void longMantissasAndExtremeExponentsAreCorrectlyRounded() {
    String[] cases = {
      "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9e-324", "2.4703282292062328e-324",
      "2.4703282292062327e-324", "1.7976931348623157e308", "1.7976931348623159e308", "0.013300656000000001", "0.021383540000000003",
      "1.55555555555552e+06", "1.2345678901234567e-300", "123456789012345678", "7.038531e-26", "1e23", "8.98846567431158e307",
      "5e-324", "1e-400", "1e310", "0.1", "0.30000000000000004", "3.0517578125e-05", "2.98023223876953125E-8",
    };
    for (String c : cases) {
      assertThat(parse(c)).as(c).isEqualTo(Double.parseDouble(c));
      assertThat(parse("-" + c)).as("-" + c).isEqualTo(-Double.parseDouble(c));
    }
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long mantissa = r.nextLong(1, 1_000_000_000_000_000_000L);
      int exp = r.nextInt(-345, 310);
      String s = mantissa + "e" + exp;
      assertThat(parse(s)).as(s).isEqualTo(Double.parseDouble(s));
    }
  }

  @Test
  void millisTimestamps() {
    byte[] b = "-9223372036854775808 9223372036854775807 9223372036854775808 12a".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(FloatParser.parseMillis(b, 21, 40)).isEqualTo(Long.MAX_VALUE);
    assertThat(FloatParser.parseMillis(b, 41, 60)).isEqualTo(FloatParser.INVALID_TIMESTAMP);
    assertThat(FloatParser.parseMillis(b, 61, 64)).isEqualTo(FloatParser.INVALID_TIMESTAMP);
  }
}

package io.watchkeeper.ingest.textformat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses numbers of the exposition formats straight from bytes, without a String per value.
 *
 * <p>Values follow the common grammar of Go's {@code strconv.ParseFloat} as Prometheus restricts
 * it and of OpenMetrics: {@code [+-]} digits with an optional fraction and exponent, or {@code
 * Inf}, {@code Infinity}, {@code NaN} in any case. Hexadecimal floats and digit separators are
 * rejected (Prometheus rejects them too). Most values (at most 15 significant digits and a small
 * exponent) are converted exactly with one multiplication or division (Clinger's fast path); the
 * others with up to 18 significant digits by the Eisel-Lemire algorithm (one or two 64×128-bit
 * multiplications by a table of powers of five, always correctly rounded for an exact decimal
 * mantissa: Mushtak and Lemire, "Fast number parsing without fallback", 2023). Only longer
 * mantissas fall back to {@link Double#parseDouble}. Before the Eisel-Lemire path, the fallback
 * made up half of the bytes a scrape allocated (histogram sums with 17 digits).
 *
 * <p>Invalid input is signalled by the NaN payload {@link #INVALID_BITS}, never produced by a
 * valid parse, so the hot path needs no exception or holder object. Thread-safe (stateless).
 */
final class FloatParser {
  /** Bits of the NaN that {@link #parseFloat} returns for malformed input. */
  static final long INVALID_BITS = 0x7ffdeadbeef00001L;

  /** A timestamp result that marks malformed input. */
  static final long INVALID_TIMESTAMP = Long.MIN_VALUE;

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22
  };
  private static final long[] LONG_POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
    10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
    1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
  };
  private static final long MAX_EXACT = 1L << 53;

  private FloatParser() {}

  static boolean isInvalid(double v) {
    return Double.doubleToRawLongBits(v) == INVALID_BITS;
  }

  /** Parses {@code b[s, e)} as a float; returns the NaN with bits {@link #INVALID_BITS} if malformed. */
  static double parseFloat(byte[] b, int s, int e) {
    int i = s;
    if (i >= e) {
      return invalid();
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
      if (i >= e) {
        return invalid();
      }
    }
    byte c = b[i];
    if (c == 'i' || c == 'I') {
      if (equalsIgnoreCase(b, i, e, "inf") || equalsIgnoreCase(b, i, e, "infinity")) {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      return invalid();
    }
    if (c == 'n' || c == 'N') {
      return equalsIgnoreCase(b, i, e, "nan") ? Double.NaN : invalid();
    }
    long mantissa = 0;
    int significant = 0;
    int exp10 = 0;
    boolean truncated = false;
    boolean anyDigit = false;
    while (i < e && isDigit(b[i])) {
      int d = b[i] - '0';
      anyDigit = true;
      if (mantissa != 0 || d != 0) {
        if (significant < 18) {
          mantissa = mantissa * 10 + d;
          significant++;
        } else {
          truncated = true;
          exp10++;
        }
      }
      i++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && isDigit(b[i])) {
        int d = b[i] - '0';
        anyDigit = true;
        if (mantissa != 0 || d != 0) {
          if (significant < 18) {
            mantissa = mantissa * 10 + d;
            significant++;
            exp10--;
          } else {
            truncated = true;
          }
        } else {
          exp10--;
        }
        i++;
      }
    }
    if (!anyDigit) {
      return invalid();
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i >= e || !isDigit(b[i])) {
        return invalid();
      }
      int exp = 0;
      while (i < e && isDigit(b[i])) {
        if (exp < 100_000) {
          exp = exp * 10 + (b[i] - '0');
        }
        i++;
      }
      exp10 += expNegative ? -exp : exp;
    }
    if (i != e) {
      return invalid();
    }
    if (mantissa == 0) {
      return negative ? -0.0 : 0.0;
    }
    if (!truncated && mantissa < MAX_EXACT) {
      double m = mantissa;
      if (exp10 >= 0 && exp10 <= 22) {
        return signed(m * POW10[exp10], negative);
      }
      if (exp10 < 0 && exp10 >= -22) {
        return signed(m / POW10[-exp10], negative);
      }
      if (exp10 > 22 && exp10 <= 22 + 15) {
        // Still exact if the mantissa times the excess power of ten stays below 2^53.
        long scaled = mantissa * LONG_POW10[exp10 - 22];
        if (mantissa <= MAX_EXACT / LONG_POW10[exp10 - 22] && scaled < MAX_EXACT) {
          return signed(scaled * POW10[22], negative);
        }
      }
    }
    if (!truncated) {
      return signed(eiselLemire(mantissa, exp10), negative);
    }
    return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
  }

  private static final int SMALLEST_POWER_OF_TEN = -342;
  private static final int LARGEST_POWER_OF_TEN = 308;
  /** 128-bit approximations of 5^q, q in [-342, 308], normalized (high bit set): hi, lo pairs. */
  private static final long[] POWERS_OF_FIVE = powersOfFive();

  private static long[] powersOfFive() {
    long[] t = new long[2 * (LARGEST_POWER_OF_TEN - SMALLEST_POWER_OF_TEN + 1)];
    BigInteger two128 = BigInteger.ONE.shiftLeft(128);
    for (int q = SMALLEST_POWER_OF_TEN; q <= LARGEST_POWER_OF_TEN; q++) {
      BigInteger c;
      if (q >= 0) {
        BigInteger p = BigInteger.valueOf(5).pow(q);
        int shift = p.bitLength() - 128;
        c = shift > 0 ? p.shiftRight(shift) : p.shiftLeft(-shift); // truncated to 128 bits
      } else {
        BigInteger p = BigInteger.valueOf(5).pow(-q);
        int z = p.bitLength(); // 2^z > 5^-q
        int bits = q >= -27 ? z + 127 : 2 * z + 128;
        c = BigInteger.ONE.shiftLeft(bits).divide(p).add(BigInteger.ONE);
        while (c.compareTo(two128) >= 0) {
          c = c.shiftRight(1);
        }
      }
      int i = 2 * (q - SMALLEST_POWER_OF_TEN);
      t[i] = c.shiftRight(64).longValue();
      t[i + 1] = c.longValue();
    }
    return t;
  }

  /**
   * The double nearest to {@code w × 10^q} for an exact, non-zero mantissa {@code w} (Lemire's
   * {@code compute_float} for binary64).
   */
  static double eiselLemire(long w, int q) {
    if (q < SMALLEST_POWER_OF_TEN) {
      return 0.0;
    }
    if (q > LARGEST_POWER_OF_TEN) {
      return Double.POSITIVE_INFINITY;
    }
    int lz = Long.numberOfLeadingZeros(w);
    w <<= lz;
    int index = 2 * (q - SMALLEST_POWER_OF_TEN);
    long hiPow = POWERS_OF_FIVE[index];
    long high = Math.unsignedMultiplyHigh(w, hiPow);
    long low = w * hiPow;
    long precisionMask = 0xFFFFFFFFFFFFFFFFL >>> 55;
    if ((high & precisionMask) == precisionMask) {
      long secondHigh = Math.unsignedMultiplyHigh(w, POWERS_OF_FIVE[index + 1]);
      long newLow = low + secondHigh;
      if (Long.compareUnsigned(secondHigh, newLow) > 0) {
        high++;
      }
      low = newLow;
    }
    int upperBit = (int) (high >>> 63);
    long mantissa = high >>> (upperBit + 64 - 52 - 3);
    int power2 = (int) ((((152170L + 65536L) * q) >> 16) + 63) + upperBit - lz + 1023;
    if (power2 <= 0) { // subnormal
      if (-power2 + 1 >= 64) {
        return 0.0;
      }
      mantissa >>>= -power2 + 1;
      mantissa += mantissa & 1;
      mantissa >>>= 1;
      power2 = mantissa < (1L << 52) ? 0 : 1;
      return Double.longBitsToDouble(mantissa | ((long) power2 << 52));
    }
    // Round half to even where the product can be exact (5^q fits in 64 bits).
    if (Long.compareUnsigned(low, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
        && (mantissa << (upperBit + 64 - 52 - 3)) == high) {
      mantissa &= ~1L;
    }
    mantissa += mantissa & 1;
    mantissa >>>= 1;
    if (mantissa >= (2L << 52)) {
      mantissa = 1L << 52;
      power2++;
    }
    mantissa &= ~(1L << 52);
    if (power2 >= 0x7FF) {
      return Double.POSITIVE_INFINITY;
    }
    return Double.longBitsToDouble(mantissa | ((long) power2 << 52));
  }

  /**
   * Parses an OpenMetrics timestamp (seconds, decimal or exponent notation, no Inf or NaN) into
   * epoch milliseconds, truncated toward zero and saturated at the long range. Exact: {@code
   * 1520430000.123} gives {@code 1520430000123}, which float arithmetic does not guarantee.
   * Returns {@link #INVALID_TIMESTAMP} if malformed.
   */
  static long parseSecondsAsMillis(byte[] b, int s, int e) {
    int i = s;
    if (i >= e) {
      return INVALID_TIMESTAMP;
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int exp10 = 0;
    boolean anyDigit = false;
    while (i < e && isDigit(b[i])) {
      int d = b[i] - '0';
      anyDigit = true;
      if (mantissa != 0 || d != 0) {
        if (significant < 18) {
          mantissa = mantissa * 10 + d;
          significant++;
        } else {
          exp10++;
        }
      }
      i++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e && isDigit(b[i])) {
        int d = b[i] - '0';
        anyDigit = true;
        if (significant < 18) {
          if (mantissa != 0 || d != 0) {
            mantissa = mantissa * 10 + d;
            significant++;
          }
          exp10--;
        }
        i++;
      }
    }
    if (!anyDigit) {
      return INVALID_TIMESTAMP;
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNegative = false;
      if (i < e && (b[i] == '+' || b[i] == '-')) {
        expNegative = b[i] == '-';
        i++;
      }
      if (i >= e || !isDigit(b[i])) {
        return INVALID_TIMESTAMP;
      }
      int exp = 0;
      while (i < e && isDigit(b[i])) {
        if (exp < 100_000) {
          exp = exp * 10 + (b[i] - '0');
        }
        i++;
      }
      exp10 += expNegative ? -exp : exp;
    }
    if (i != e) {
      return INVALID_TIMESTAMP;
    }
    int shift = exp10 + 3; // seconds to milliseconds
    long ms;
    if (mantissa == 0) {
      ms = 0;
    } else if (shift >= 0) {
      if (shift > 18 || mantissa > Long.MAX_VALUE / LONG_POW10[shift]) {
        ms = Long.MAX_VALUE;
      } else {
        ms = mantissa * LONG_POW10[shift];
      }
    } else {
      ms = -shift > 18 ? 0 : mantissa / LONG_POW10[-shift];
    }
    return negative ? -ms : ms;
  }

  /**
   * Parses a Prometheus text timestamp: a decimal integer of milliseconds with an optional sign, in
   * the long range. Returns {@link #INVALID_TIMESTAMP} if malformed or out of range.
   */
  static long parseMillis(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && (b[i] == '+' || b[i] == '-')) {
      negative = b[i] == '-';
      i++;
    }
    if (i >= e) {
      return INVALID_TIMESTAMP;
    }
    long v = 0;
    for (; i < e; i++) {
      if (!isDigit(b[i])) {
        return INVALID_TIMESTAMP;
      }
      int d = b[i] - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return INVALID_TIMESTAMP;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  private static double signed(double v, boolean negative) {
    return negative ? -v : v;
  }

  private static double invalid() {
    return Double.longBitsToDouble(INVALID_BITS);
  }

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean equalsIgnoreCase(byte[] b, int s, int e, String lower) {
    if (e - s != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if ((b[s + i] | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}

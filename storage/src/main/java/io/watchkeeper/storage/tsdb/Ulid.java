package io.watchkeeper.storage.tsdb;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Block ids: ULIDs (26 Crockford base-32 characters: 48-bit milliseconds, 80 random bits), as
 * Prometheus names blocks, so ids sort by creation time. Thread-safe.
 */
final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final Random RANDOM = new SecureRandom();

  private Ulid() {}

  static String next(long millis) {
    char[] out = new char[26];
    long t = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (t & 31)];
      t >>>= 5;
    }
    byte[] r = new byte[10];
    synchronized (RANDOM) {
      RANDOM.nextBytes(r);
    }
    long hi = ((r[0] & 0xffL) << 32) | ((r[1] & 0xffL) << 24) | ((r[2] & 0xffL) << 16) | ((r[3] & 0xffL) << 8) | (r[4] & 0xffL);
    long lo = ((r[5] & 0xffL) << 32) | ((r[6] & 0xffL) << 24) | ((r[7] & 0xffL) << 16) | ((r[8] & 0xffL) << 8) | (r[9] & 0xffL);
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  /** Whether {@code s} looks like a ULID (a block directory name). */
  static boolean isUlid(String s) {
    if (s.length() != 26) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (new String(ALPHABET).indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}

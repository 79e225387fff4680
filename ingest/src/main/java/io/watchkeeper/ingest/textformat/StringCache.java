package io.watchkeeper.ingest.textformat;

import java.nio.charset.StandardCharsets;

/**
 * A small direct-mapped cache of recently decoded short ASCII strings (label names and common
 * values such as {@code le} bounds), so the label sets of one target share their strings: fewer
 * allocations on new series and less memory per series where they are stored. Not thread-safe.
 */
final class StringCache {
  private static final int SLOTS = 512;
  private static final int MAX_LENGTH = 48;
  private final String[] slots = new String[SLOTS];

  /** {@code b[s, e)} decoded as UTF-8, shared with an earlier equal string when possible. */
  String get(byte[] b, int s, int e) {
    int len = e - s;
    if (len == 0) {
      return "";
    }
    if (len > MAX_LENGTH) {
      return new String(b, s, len, StandardCharsets.UTF_8);
    }
    int h = 0;
    for (int i = s; i < e; i++) {
      byte c = b[i];
      if (c < 0) {
        return new String(b, s, len, StandardCharsets.UTF_8);
      }
      h = 31 * h + c;
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String cached = slots[slot];
    if (cached != null && cached.length() == len && matches(cached, b, s)) {
      return cached;
    }
    String fresh = new String(b, s, len, StandardCharsets.ISO_8859_1);
    slots[slot] = fresh;
    return fresh;
  }

  private static boolean matches(String cached, byte[] b, int s) {
    for (int i = 0; i < cached.length(); i++) {
      if (cached.charAt(i) != b[s + i]) {
        return false;
      }
    }
    return true;
  }
}

package io.watchkeeper.alerting.alert;

import io.watchkeeper.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Alertmanager's alert fingerprint: the 64-bit FNV-1a hash of a label set as {@code
 * prometheus/common/model} computes it (label names sorted, each name and value followed by the
 * separator byte 0xff, over their UTF-8 bytes), printed as 16 lower-case hex digits. Stable across
 * restarts and equal to what Alertmanager shows for the same labels. Thread-safe: stateless.
 */
public final class Fingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;
  private static final int SEPARATOR = 0xff;

  private Fingerprint() {}

  /** The fingerprint of a label set. */
  public static long of(Labels labels) {
    long h = OFFSET;
    // Labels are sorted by name (UTF-16 order, the same as Go's byte order for label names).
    for (int i = 0; i < labels.size(); i++) {
      h = add(h, labels.name(i));
      h = addByte(h, SEPARATOR);
      h = add(h, labels.value(i));
      h = addByte(h, SEPARATOR);
    }
    return h;
  }

  private static long add(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = addByte(h, b & 0xff);
    }
    return h;
  }

  private static long addByte(long h, int b) {
    return (h ^ b) * PRIME;
  }

  /** The 16-digit lower-case hex form Alertmanager prints ({@code %016x}). */
  public static String format(long fingerprint) {
    return String.format(Locale.ROOT, "%016x", fingerprint);
  }

  /**
   * Parses the hex form.
   *
   * @throws IllegalArgumentException if {@code s} is not 1 to 16 hex digits
   */
  public static long parse(String s) {
    if (s.isEmpty() || s.length() > 16) {
      throw new IllegalArgumentException("invalid fingerprint \"" + s + "\"");
    }
    try {
      return Long.parseUnsignedLong(s, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid fingerprint \"" + s + "\"", e);
    }
  }
}

package io.watchkeeper.rules;

import io.watchkeeper.model.ByteHash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The hash behind Prometheus' {@code labels.Hash} (XXH64 with seed 0, {@link ByteHash}) over a label
 * set, used to place each rule group at the same offset within its interval as Prometheus places it.
 * Stateless.
 */
final class XxHash64 {
  private XxHash64() {}

  /**
   * The hash Prometheus 3 (stringlabels) computes for a label set: XXH64 over each sorted pair
   * written as uvarint(length) name uvarint(length) value, lengths in UTF-8 bytes.
   */
  static long labelsHash(String... sortedNamesAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String s : sortedNamesAndValues) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      long len = b.length;
      while (len >= 0x80) {
        out.write((int) (len & 0x7f | 0x80));
        len >>>= 7;
      }
      out.write((int) len);
      out.writeBytes(b);
    }
    return hash(out.toByteArray());
  }

  /** XXH64 with seed 0 of {@code b}. */
  static long hash(byte[] b) {
    return ByteHash.xxh64(b, 0, b.length);
  }
}

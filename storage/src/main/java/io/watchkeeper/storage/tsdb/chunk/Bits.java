package io.watchkeeper.storage.tsdb.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Bit-level writes into byte arrays, shared by {@link BitWriter} and {@link XorAppender}. */
final class Bits {
  private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private Bits() {}

  /**
   * ORs the low {@code n} bits of {@code value} into {@code buf} at bit {@code pos}, most
   * significant first. The bits there must be zero and the array large enough.
   *
   * @return the new bit position
   */
  static long write(byte[] buf, long pos, long value, int n) {
    if (n == 0) {
      return pos;
    }
    int at = (int) (pos >>> 3);
    int sh = (int) (pos & 7);
    if (n <= 56 && at + 8 <= buf.length) {
      // One 64-bit read-modify-write instead of a loop over bytes. It rewrites the partly filled
      // byte with the same bits plus new ones, so a reader decoding earlier bits is unaffected.
      long word = (long) LONG_BE.get(buf, at);
      LONG_BE.set(buf, at, word | ((value & ((1L << n) - 1)) << (64 - sh - n)));
      return pos + n;
    }
    if (n <= 24 && at + 4 <= buf.length) {
      // Near the end of a tightly sized chunk array: most writes are short, a 32-bit one will do.
      int word = (int) INT_BE.get(buf, at);
      INT_BE.set(buf, at, word | (int) ((value & ((1L << n) - 1)) << (32 - sh - n)));
      return pos + n;
    }
    long v = n == 64 ? value : value & ((1L << n) - 1);
    int remaining = n;
    long p = pos;
    while (remaining > 0) {
      int idx = (int) (p >>> 3);
      int free = 8 - (int) (p & 7);
      int take = Math.min(free, remaining);
      int bits = (int) (v >>> (remaining - take)) & ((1 << take) - 1);
      buf[idx] |= (byte) (bits << (free - take));
      p += take;
      remaining -= take;
    }
    return p;
  }

  /** Eight bytes big-endian at {@code off}; bytes at or past {@code end} read as zero. */
  static long word(byte[] buf, int off, int end) {
    if (off + 8 <= end) {
      return (long) LONG_BE.get(buf, off);
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      int p = off + i;
      w = (w << 8) | (p < end ? buf[p] & 0xff : 0);
    }
    return w;
  }
}

package io.watchkeeper.storage.tsdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growing byte buffer with varint, big-endian and string writers. Not thread-safe; reusable via
 * {@link #reset()}.
 */
public final class Encbuf {
  private byte[] b;
  private int len;

  public Encbuf(int initial) {
    b = new byte[Math.max(16, initial)];
  }

  public void reset() {
    len = 0;
  }

  public int length() {
    return len;
  }

  /** The backing array; {@code [0, length())} is valid until the next write. */
  public byte[] array() {
    return b;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(b, len);
  }

  /** Drops everything after the first {@code n} bytes. */
  public void truncate(int n) {
    len = n;
  }

  public void putByte(int v) {
    ensure(1);
    b[len++] = (byte) v;
  }

  public void putBytes(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, b, len, n);
    len += n;
  }

  public void putBE32(int v) {
    ensure(4);
    b[len] = (byte) (v >>> 24);
    b[len + 1] = (byte) (v >>> 16);
    b[len + 2] = (byte) (v >>> 8);
    b[len + 3] = (byte) v;
    len += 4;
  }

  /** Overwrites 4 bytes at {@code at} (a length or offset filled in afterwards). */
  public void setBE32(int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  public void putBE64(long v) {
    putBE32((int) (v >>> 32));
    putBE32((int) v);
  }

  public void putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      b[len++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b[len++] = (byte) v;
  }

  /** Zigzag-encoded signed varint. */
  public void putVarint(long v) {
    putUvarint((v << 1) ^ (v >> 63));
  }

  /** A string as a uvarint byte length and its UTF-8 bytes. */
  public void putString(String s) {
    if (isAscii(s)) {
      putUvarint(s.length());
      ensure(s.length());
      for (int i = 0; i < s.length(); i++) {
        b[len++] = (byte) s.charAt(i);
      }
    } else {
      byte[] u = s.getBytes(StandardCharsets.UTF_8);
      putUvarint(u.length);
      putBytes(u, 0, u.length);
    }
  }

  /** CRC32C of {@code [from, length())}. */
  public int crc32c(int from) {
    CRC32C c = new CRC32C();
    c.update(b, from, len - from);
    return (int) c.getValue();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void ensure(int n) {
    if (len + n > b.length) {
      b = Arrays.copyOf(b, Math.max(len + n, b.length * 2));
    }
  }
}

package io.watchkeeper.storage.tsdb.encoding;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link Encbuf} wrote from a byte array region. Reading past the end throws {@link
 * CorruptDataException}. Not thread-safe; reusable via {@link #reset}.
 */
public final class Decbuf {
  private byte[] b = new byte[0];
  private int pos;
  private int end;

  public Decbuf() {}

  public Decbuf(byte[] b, int off, int len) {
    reset(b, off, len);
  }

  public Decbuf reset(byte[] b, int off, int len) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
    return this;
  }

  public int position() {
    return pos;
  }

  public void position(int p) {
    pos = p;
  }

  public int remaining() {
    return end - pos;
  }

  public byte[] array() {
    return b;
  }

  public int getByte() {
    need(1);
    return b[pos++] & 0xff;
  }

  public int getBE32() {
    need(4);
    int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long getBE64() {
    long hi = getBE32() & 0xffffffffL;
    return (hi << 32) | (getBE32() & 0xffffffffL);
  }

  public long getUvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      int x = b[pos++];
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new CorruptDataException("varint longer than 10 bytes at " + pos);
  }

  /** A uvarint that must fit an int. */
  public int getUvarint32() {
    long v = getUvarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptDataException("value " + v + " out of range at " + pos);
    }
    return (int) v;
  }

  public long getVarint() {
    long u = getUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  public String getString() {
    int n = getUvarint32();
    need(n);
    String s = new String(b, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  private void need(int n) {
    if (end - pos < n) {
      throw new CorruptDataException("unexpected end of data at " + pos + ", need " + n + " bytes");
    }
  }
}

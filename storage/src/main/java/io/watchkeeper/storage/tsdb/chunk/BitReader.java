package io.watchkeeper.storage.tsdb.chunk;

/**
 * Reads bits most-significant first from a byte array region. Reads past the end give zero bits
 * instead of failing, so a corrupt chunk yields garbage values, never an exception; callers bound
 * their reads by the sample count. Not thread-safe; reusable via {@link #reset}.
 */
public final class BitReader {
  private byte[] buf = new byte[0];
  private int end;
  private long pos; // absolute bit position in buf

  /** Starts reading {@code buf[off, off + len)}. */
  public void reset(byte[] buf, int off, int len) {
    this.buf = buf;
    this.end = off + len;
    this.pos = (long) off << 3;
  }

  /** The current bit position relative to the array start. */
  public long position() {
    return pos;
  }

  /** Moves to an absolute bit position (relative to the array start). */
  public void position(long bitPos) {
    pos = bitPos;
  }

  /**
   * The next bits without consuming them, left-aligned: at least 57 are valid (bits past the end
   * read as zero).
   */
  public long peek() {
    return Bits.word(buf, (int) (pos >>> 3), end) << (pos & 7);
  }

  /** Consumes {@code n} bits already looked at with {@link #peek()}. */
  public void skip(int n) {
    pos += n;
  }

  /** Reads one bit. */
  public boolean readBit() {
    int idx = (int) (pos >>> 3);
    int b = idx < end ? buf[idx] : 0;
    boolean bit = ((b >>> (7 - (pos & 7))) & 1) != 0;
    pos++;
    return bit;
  }

  /** Reads {@code n} bits as an unsigned value; {@code 0 <= n <= 64}. */
  public long readBits(int n) {
    if (n == 0) {
      return 0;
    }
    if (n > 56) {
      long hi = readBits(n - 32);
      return (hi << 32) | readBits(32);
    }
    int sh = (int) (pos & 7);
    long w = Bits.word(buf, (int) (pos >>> 3), end);
    pos += n;
    return (w << sh) >>> (64 - n);
  }

  /**
   * Counts leading one bits, consuming them and the terminating zero, up to {@code max} ones (then
   * no zero is consumed). Reads the unary prefixes of the XOR and Rice codes in one step.
   */
  public int readUnary(int max) {
    int sh = (int) (pos & 7);
    long w = Bits.word(buf, (int) (pos >>> 3), end) << sh;
    int ones = Long.numberOfLeadingZeros(~w);
    if (ones >= max) {
      pos += max;
      return max;
    }
    if (ones >= 64 - sh) { // prefix ran past the bits loaded: fall back to bit by bit
      int n = 0;
      while (n < max && readBit()) {
        n++;
      }
      return n;
    }
    pos += ones + 1;
    return ones;
  }

  /** Reads an unsigned LEB128 varint written as whole (possibly unaligned) bytes. */
  public long readUvarint() {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      long b = readBits(8);
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    return v;
  }

  /** Reads a zigzag-encoded signed varint. */
  public long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }
}

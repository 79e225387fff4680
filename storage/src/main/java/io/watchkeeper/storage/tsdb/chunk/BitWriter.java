package io.watchkeeper.storage.tsdb.chunk;

import java.util.Arrays;

/**
 * Writes bits most-significant first into a growing byte array (Prometheus {@code bstream}). Not
 * thread-safe; reusable after {@link #reset()}.
 */
public final class BitWriter {
  private byte[] buf;
  private long bitLen;

  /** A writer with room for {@code initialBytes} before it grows. */
  public BitWriter(int initialBytes) {
    buf = new byte[Math.max(8, initialBytes)];
  }

  /** Forgets everything written; keeps the buffer. */
  public void reset() {
    Arrays.fill(buf, 0, byteLength(), (byte) 0);
    bitLen = 0;
  }

  /** Bits written so far. */
  public long bitLength() {
    return bitLen;
  }

  /** Bytes the bits written so far occupy (the last one possibly partly). */
  public int byteLength() {
    return (int) ((bitLen + 7) >>> 3);
  }

  /** The backing array; bytes past {@link #byteLength()} are zero. Valid until the next write. */
  public byte[] buffer() {
    return buf;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, byteLength());
  }

  /** Writes one bit. */
  public void writeBit(boolean bit) {
    ensure(1);
    if (bit) {
      buf[(int) (bitLen >>> 3)] |= (byte) (0x80 >>> (bitLen & 7));
    }
    bitLen++;
  }

  /** Writes the low {@code n} bits of {@code value}, most significant first; {@code 0 <= n <= 64}. */
  public void writeBits(long value, int n) {
    ensure(n);
    bitLen = Bits.write(buf, bitLen, value, n);
  }

  /** Writes a whole byte at the current (possibly unaligned) position. */
  public void writeByte(int b) {
    writeBits(b & 0xff, 8);
  }

  /** Writes an unsigned LEB128 varint as whole bytes at the current position. */
  public void writeUvarint(long v) {
    while ((v & ~0x7fL) != 0) {
      writeByte((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    writeByte((int) v);
  }

  /** Writes a zigzag-encoded signed varint. */
  public void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  private void ensure(int moreBits) {
    long needBytes = (bitLen + moreBits + 7) >>> 3;
    if (needBytes > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.max(needBytes, buf.length + (buf.length >>> 1)));
    }
  }
}

package io.watchkeeper.storage.tsdb.chunk;

import io.watchkeeper.storage.SampleIterator;

/**
 * Decodes an XOR chunk written by {@link XorAppender}. Not thread-safe; reusable via {@link
 * #reset}. No allocation per sample.
 */
public final class XorIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int total;
  private int read;
  private long t;
  private long vBits;
  private long tDelta;
  private int leading;
  private int trailing;

  /** Iterates the chunk in {@code b[off, off + len)}; the sample count comes from its header. */
  public XorIterator reset(byte[] b, int off, int len) {
    int count = len < XorAppender.HEADER_BYTES ? 0 : ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    return reset(b, off, len, count);
  }

  /**
   * Iterates the first {@code count} samples of the chunk in {@code b[off, off + len)}: how a
   * reader decodes a head chunk that is still being appended to.
   */
  public XorIterator reset(byte[] b, int off, int len, int count) {
    in.reset(b, off, len);
    in.position(((long) off + XorAppender.HEADER_BYTES) << 3);
    total = count;
    read = 0;
    tDelta = 0;
    leading = 0;
    trailing = 0;
    return this;
  }

  @Override
  public boolean next() {
    if (read >= total) {
      read = total + 1; // exhausted
      return false;
    }
    if (read == 0) {
      t = in.readVarint();
      vBits = in.readBits(64);
    } else if (read == 1) {
      tDelta = in.readUvarint();
      t += tDelta;
      readValue();
    } else if (!nextFast()) {
      tDelta += readDod();
      t += tDelta;
      readValue();
    }
    read++;
    return true;
  }

  /**
   * The common case in one 64-bit look: a zero delta-of-delta (scrapes on schedule) and a value of
   * up to about 40 meaningful bits. Faster than reading field by field (one load and no calls per
   * sample); anything else falls back.
   */
  private boolean nextFast() {
    long w = in.peek();
    if (w < 0) {
      return false; // a non-zero delta-of-delta
    }
    if ((w << 1) >= 0) { // value '0': unchanged
      in.skip(2);
      t += tDelta;
      return true;
    }
    if ((w << 2) < 0) { // value '11': a new window, 5 bits leading zeros, 6 bits length
      int lead = (int) ((w << 3) >>> 59);
      int len = (int) ((w << 8) >>> 58);
      if (len == 0 || 14 + len > 57) {
        return false;
      }
      int trail = 64 - lead - len;
      vBits ^= ((w << 14) >>> (64 - len)) << trail;
      leading = lead;
      trailing = trail;
      in.skip(14 + len);
      t += tDelta;
      return true;
    }
    int sig = 64 - leading - trailing;
    if (sig > 57 - 3) {
      return false;
    }
    vBits ^= ((w << 3) >>> (64 - sig)) << trailing;
    in.skip(3 + sig);
    t += tDelta;
    return true;
  }

  @Override
  public boolean seek(long target) {
    if (read > total) {
      return false;
    }
    if (read > 0 && t >= target) {
      return true;
    }
    while (next()) {
      if (t >= target) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(vBits);
  }

  /** Raw bits of the current value. */
  public long valueBits() {
    return vBits;
  }

  private long readDod() {
    switch (in.readUnary(4)) {
      case 0:
        return 0;
      case 1:
        return signExtend(in.readBits(14), 14);
      case 2:
        return signExtend(in.readBits(17), 17);
      case 3:
        return signExtend(in.readBits(20), 20);
      default:
        return in.readBits(64);
    }
  }

  private void readValue() {
    int kind = in.readUnary(2);
    if (kind == 0) {
      return;
    }
    if (kind == 2) {
      long hdr = in.readBits(11);
      leading = (int) (hdr >>> 6);
      int sig = (int) (hdr & 63);
      if (sig == 0) {
        sig = 64;
      }
      trailing = 64 - leading - sig;
    }
    int sig = 64 - leading - trailing;
    vBits ^= in.readBits(sig) << trailing;
  }

  static long signExtend(long v, int bits) {
    int sh = 64 - bits;
    return (v << sh) >> sh;
  }
}

package io.watchkeeper.storage.tsdb.chunk;

import io.watchkeeper.storage.SampleIterator;

/**
 * Decodes a chunk written by {@link XorAppender}: an XOR chunk, or a decimal-delta chunk (the
 * count header's high bit set). Not thread-safe; reusable via {@link #reset}. No allocation per
 * sample.
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
  /** The exponent of a decimal-delta chunk, or -1 for XOR. */
  private int exponent;
  private long mantissa;
  private long mantissaDelta;
  private int order;
  private int riceMean;
  private boolean decimal;

  /** Iterates the chunk in {@code b[off, off + len)}; the sample count comes from its header. */
  public XorIterator reset(byte[] b, int off, int len) {
    int count = len < XorAppender.HEADER_BYTES ? 0 : ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    return reset(b, off, len, count & ~XorAppender.DECIMAL_FLAG);
  }

  /**
   * Iterates the first {@code count} samples of the chunk in {@code b[off, off + len)}: how a
   * reader decodes a head chunk that is still being appended to.
   */
  public XorIterator reset(byte[] b, int off, int len, int count) {
    in.reset(b, off, len);
    in.position(((long) off + XorAppender.HEADER_BYTES) << 3);
    decimal = len >= XorAppender.HEADER_BYTES && (b[off] & 0x80) != 0;
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
    if (decimal) {
      nextDecimal();
    } else if (read == 0) {
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

  private void nextDecimal() {
    if (read == 0) {
      t = in.readVarint();
      int b = (int) in.readBits(8);
      order = b >>> 7;
      exponent = b & 0x7f;
      if (exponent > XorAppender.MAX_EXPONENT) {
        throw new IllegalStateException("corrupt decimal chunk: exponent " + exponent);
      }
      riceMean = XorAppender.riceStart((int) in.readBits(8));
      mantissa = in.readVarint();
      mantissaDelta = 0;
    } else {
      int k = XorAppender.riceParameter(riceMean);
      long z;
      long w;
      int q;
      if (read >= 2 && (w = in.peek()) >= 0 && (q = Long.numberOfLeadingZeros(~(w << 1))) < XorAppender.RICE_ESCAPE
          && 2 + q + k <= 57) {
        // the common case in one 64-bit look: a zero delta-of-delta, then a short Rice code
        z = ((long) q << k) | (k == 0 ? 0 : (w << (2 + q)) >>> (64 - k));
        in.skip(2 + q + k);
      } else {
        if (read == 1) {
          tDelta = in.readUvarint();
        } else {
          tDelta += readDod();
        }
        q = in.readUnary(XorAppender.RICE_ESCAPE);
        z = q == XorAppender.RICE_ESCAPE ? in.readBits(64) : ((long) q << k) | in.readBits(k);
      }
      t += tDelta;
      riceMean = XorAppender.nextRiceMean(riceMean, z);
      long code = (z >>> 1) ^ -(z & 1);
      long delta = read >= 2 && order == 1 ? mantissaDelta + code : code;
      mantissa += delta;
      mantissaDelta = delta;
    }
    // integers (counters, buckets) convert exactly; other exponents need the correctly rounded division
    vBits = Double.doubleToRawLongBits(exponent == 0 ? (double) mantissa : mantissa / XorAppender.POW10[exponent]);
  }

  /**
   * Whether the mantissas of the decimal-delta chunk in {@code b[0, len)} vary less as
   * delta-of-deltas than as deltas (a counter growing at a steady rate): the order the series'
   * next chunk should use.
   */
  static boolean prefersDeltaOfDeltas(byte[] b, int len, int count) {
    XorIterator it = new XorIterator().reset(b, 0, len, count);
    long sumDelta = 0;
    long sumDod = 0;
    long prevM = 0;
    long prevDelta = 0;
    for (int i = 0; it.next(); i++) {
      long m = it.mantissa;
      if (i >= 1) {
        long d = m - prevM;
        if (i >= 2) { // both orders code the first delta alike
          sumDelta += Math.min(Math.abs(d), 1L << 40);
          sumDod += Math.min(Math.abs(d - prevDelta), 1L << 40);
        }
        prevDelta = d;
      }
      prevM = m;
    }
    return sumDod < sumDelta;
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

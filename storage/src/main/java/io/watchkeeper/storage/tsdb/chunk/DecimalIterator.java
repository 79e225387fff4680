package io.watchkeeper.storage.tsdb.chunk;

import io.watchkeeper.storage.SampleIterator;

/** Decodes a {@link DecimalChunk}. Not thread-safe; reusable via {@link #reset}. */
public final class DecimalIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int total;
  private int read;
  private boolean regular;
  private boolean secondOrder;
  private int kt;
  private int kv;
  private int exponent;
  private long gcd;
  private long t;
  private long tDelta;
  private long m;
  private long mDelta;

  /** Iterates the chunk in {@code b[off, off + len)} whose first sample is at {@code minT}. */
  public DecimalIterator reset(byte[] b, int off, int len, long minT) {
    in.reset(b, off, len);
    total = (int) in.readUvarint();
    read = 0;
    t = minT;
    if (total == 1) {
      exponent = (int) in.readBits(5);
      m = in.readVarint();
      return this;
    }
    tDelta = in.readUvarint();
    regular = in.readBit();
    kt = regular ? 0 : (int) in.readBits(6);
    exponent = (int) in.readBits(5);
    secondOrder = in.readBit();
    gcd = in.readUvarint();
    kv = (int) in.readBits(6);
    m = in.readVarint();
    if (secondOrder) {
      mDelta = in.readVarint() * gcd;
    }
    return this;
  }

  @Override
  public boolean next() {
    if (read >= total) {
      read = total + 1;
      return false;
    }
    if (read > 0) {
      if (read >= 2 && !regular) {
        tDelta += Rice.unzigzag(Rice.read(in, kt));
      }
      t += tDelta;
      if (!secondOrder) {
        m += Rice.unzigzag(Rice.read(in, kv)) * gcd;
      } else {
        if (read >= 2) {
          mDelta += Rice.unzigzag(Rice.read(in, kv)) * gcd;
        }
        m += mDelta;
      }
    }
    read++;
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
    return DecimalChunk.decode(m, exponent);
  }
}

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

  /**
   * {@inheritDoc}
   *
   * <p>With regular timestamps the sample to stop at is known by arithmetic, and the value codes
   * before it are summed without computing each sample (runs of unchanged values, one zero bit each
   * when the Rice parameter is 0, are passed 57 at a time): an instant query's window at the end of
   * a 240-sample block chunk costs a fraction of decoding the samples one by one.
   */
  @Override
  public boolean seek(long target) {
    if (read > total) {
      return false;
    }
    if (read > 0 && t >= target) {
      return true;
    }
    if (read == 0 && (!next() || t >= target)) {
      return read <= total;
    }
    if (regular && tDelta > 0) {
      long gap = target - t; // > 0; negative only on overflow (a target near Long.MAX_VALUE)
      long need = gap < 0 ? Long.MAX_VALUE : gap / tDelta + (gap % tDelta == 0 ? 0 : 1);
      if (need > total - read) {
        read = total + 1;
        return false;
      }
      skip((int) need);
      return true;
    }
    while (next()) {
      if (t >= target) {
        return true;
      }
    }
    return false;
  }

  /** Advances {@code n >= 1} samples of a chunk with regular timestamps, from {@code read >= 1}. */
  private void skip(int n) {
    t += n * tDelta;
    BitReader in = this.in;
    int k = kv;
    int left = n;
    if (secondOrder && read == 1) {
      m += mDelta; // the second sample has no code: its delta is in the header
      left--;
    }
    while (left > 0) { // one value code per sample from here
      if (k == 0) {
        // A zero code is a single 0 bit: a run of them is a run of unchanged deltas.
        int zeros = Math.min(Long.numberOfLeadingZeros(in.peek()), 57); // peek: 57 bits valid
        if (zeros > 0) {
          int z = Math.min(zeros, left);
          in.skip(z);
          left -= z;
          if (secondOrder) {
            m += z * mDelta;
          }
          continue;
        }
      }
      long d = Rice.unzigzag(Rice.read(in, k)) * gcd;
      if (secondOrder) {
        mDelta += d;
        m += mDelta;
      } else {
        m += d;
      }
      left--;
    }
    read += n;
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

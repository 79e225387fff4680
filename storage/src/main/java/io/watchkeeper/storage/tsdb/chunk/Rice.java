package io.watchkeeper.storage.tsdb.chunk;

/**
 * Golomb-Rice codes for unsigned integers: {@code u >>> k} in unary, then the low {@code k} bits.
 * Near-optimal for the geometric-looking distributions of counter increments and timestamp jitter,
 * and one parameter per chunk adapts it to the data's scale. Quotients of {@value #ESCAPE} or more
 * escape to a 7-bit length and the raw bits, so an outlier costs at most 95 bits.
 */
final class Rice {
  static final int ESCAPE = 24;
  static final int MAX_K = 63;

  private Rice() {}

  static void write(BitWriter w, long u, int k) {
    long q = u >>> k;
    if (q < ESCAPE) {
      w.writeBits(((1L << q) - 1) << 1, (int) q + 1);
      w.writeBits(u, k);
    } else {
      w.writeBits((1L << ESCAPE) - 1, ESCAPE);
      int len = 64 - Long.numberOfLeadingZeros(u);
      w.writeBits(len, 7);
      w.writeBits(u, len);
    }
  }

  static long read(BitReader r, int k) {
    int q = r.readUnary(ESCAPE);
    if (q < ESCAPE) {
      return ((long) q << k) | r.readBits(k);
    }
    return r.readBits((int) r.readBits(7));
  }

  /** Bits {@link #write} uses for {@code u}. */
  static long cost(long u, int k) {
    long q = u >>> k;
    return q < ESCAPE ? q + 1 + k : ESCAPE + 7 + (64 - Long.numberOfLeadingZeros(u));
  }

  /**
   * The parameter (nearly) minimising the total size of {@code us[0, n)}: the exact cost is
   * computed for a few parameters around the estimate {@code log2(mean)}, which keeps choosing
   * linear in {@code n}.
   *
   * @return {@code k} in the low 8 bits and the total cost in bits above them
   */
  static long best(long[] us, int n) {
    if (n == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += us[i] < 0 ? 0x1p63 : (double) us[i];
    }
    double mean = sum / n;
    int est = mean < 1 ? 0 : Math.min(MAX_K, 63 - Long.numberOfLeadingZeros((long) Math.min(mean, 0x1p62)));
    long bestCost = Long.MAX_VALUE;
    int bestK = 0;
    for (int k = Math.max(0, est - 2); k <= Math.min(MAX_K, est + 2); k++) {
      long c = 0;
      for (int i = 0; i < n; i++) {
        c += cost(us[i], k);
      }
      if (c < bestCost) {
        bestCost = c;
        bestK = k;
      }
    }
    return (bestCost << 8) | bestK;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long u) {
    return (u >>> 1) ^ -(u & 1);
  }
}

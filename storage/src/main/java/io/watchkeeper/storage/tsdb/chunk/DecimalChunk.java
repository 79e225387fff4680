package io.watchkeeper.storage.tsdb.chunk;

/**
 * The block chunk encoding for values that are decimals: each value {@code v} of the chunk is
 * stored as an integer mantissa {@code m} with {@code v == m / 10^e} bit-exactly for one exponent
 * {@code e} per chunk, and the mantissas as Rice-coded deltas or delta-of-deltas (whichever is
 * smaller), divided by their greatest common divisor. Timestamps are a first delta plus, unless
 * every delta is equal (scrapes on schedule), Rice-coded delta-of-deltas.
 *
 * <p>Why: exporters mostly expose counters, bucket counts and few-digit gauges. XOR encoding spends
 * 10 to 20 bits on a counter that grew by 7; the decimal form spends 3 to 6 (see {@code
 * storage/docs/format/chunks.md} for the layout and the measurements). Values that are not exact
 * decimals with a mantissa below 2^53 (NaN, stale markers, infinities, -0.0, arbitrary binary
 * fractions) make {@link #encode} refuse, and the writer falls back to XOR for that chunk.
 *
 * <p>The chunk does not store its first timestamp: the block's series record does (as the chunk's
 * minimum time) and passes it to the iterator. Stateless and thread-safe.
 */
public final class DecimalChunk {
  /** Largest decimal exponent tried: 10^18 is still exact as a double. */
  static final int MAX_EXPONENT = 18;
  private static final long MAX_MANTISSA = 1L << 53;
  static final double[] POW10 = new double[MAX_EXPONENT + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_EXPONENT; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private DecimalChunk() {}

  /**
   * Encodes samples {@code [off, off + n)} into {@code out} (which the caller resets), or returns
   * false, writing nothing useful, when a value is not an exact decimal. Timestamps must strictly
   * increase.
   *
   * @param scratch at least {@code 2 * n} longs of working space
   */
  public static boolean encode(long[] ts, double[] vs, int off, int n, BitWriter out, long[] scratch) {
    if (n < 1) {
      throw new IllegalArgumentException("BUG: empty decimal chunk");
    }
    int e = exponent(vs, off, n);
    if (e < 0) {
      return false;
    }
    long[] m = scratch; // mantissas in [0, n), then codes in [n, 2n)
    for (int i = 0; i < n; i++) {
      m[i] = mantissa(vs[off + i], e);
    }
    out.writeUvarint(n);
    if (n == 1) {
      out.writeBits(e, 5);
      out.writeVarint(m[0]);
      return true;
    }
    // Timestamps: first delta, then whether all deltas are equal; if not, Rice-coded dods.
    long d1 = ts[off + 1] - ts[off];
    out.writeUvarint(d1);
    boolean regular = true;
    for (int i = 2; i < n && regular; i++) {
      regular = ts[off + i] - ts[off + i - 1] == d1;
    }
    int kt = 0;
    long[] tcodes = null;
    if (!regular) {
      tcodes = new long[n];
      long prev = d1;
      for (int i = 2; i < n; i++) {
        long d = ts[off + i] - ts[off + i - 1];
        tcodes[i - 2] = Rice.zigzag(d - prev);
        prev = d;
      }
      kt = (int) (Rice.best(tcodes, n - 2) & 0xff);
    }
    out.writeBit(regular);
    if (!regular) {
      out.writeBits(kt, 6);
    }
    // Values: pick deltas or delta-of-deltas, divided by their gcd, whichever codes smaller.
    long[] codes = new long[n];
    long c1 = valueCodes(m, n, 1, codes);
    long[] codes2 = new long[n];
    long c2 = n > 2 ? valueCodes(m, n, 2, codes2) : Long.MAX_VALUE;
    int order = c2 < c1 ? 2 : 1;
    long[] vc = order == 2 ? codes2 : codes;
    long meta = order == 2 ? c2 : c1;
    int kv = (int) (meta & 0xff);
    long gcd = vc[n - 1];
    out.writeBits(e, 5);
    out.writeBit(order == 2);
    out.writeUvarint(gcd);
    out.writeBits(kv, 6);
    out.writeVarint(m[0]);
    if (order == 2) {
      out.writeVarint((m[1] - m[0]) / gcd);
    }
    for (int i = 1; i < n; i++) {
      if (!regular && i >= 2) {
        Rice.write(out, tcodes[i - 2], kt);
      }
      if (order == 1 || i >= 2) {
        Rice.write(out, vc[order == 1 ? i - 1 : i - 2], kv);
      }
    }
    return true;
  }

  /**
   * Fills {@code codes} with the zigzagged, gcd-divided differences of the given order ({@code
   * n - order} of them) and puts the gcd in {@code codes[n - 1]}.
   *
   * @return the chosen Rice parameter in the low 8 bits, the cost in bits above
   */
  private static long valueCodes(long[] m, int n, int order, long[] codes) {
    int cnt = n - order;
    long g = 0;
    long prevD = m[1] - m[0];
    if (order == 2) {
      g = Math.abs(prevD);
    }
    for (int i = 0; i < cnt; i++) {
      long d;
      if (order == 1) {
        d = m[i + 1] - m[i];
      } else {
        long cur = m[i + 2] - m[i + 1];
        d = cur - prevD;
        prevD = cur;
      }
      codes[i] = d;
      g = gcd(g, Math.abs(d));
    }
    if (g == 0) {
      g = 1;
    }
    for (int i = 0; i < cnt; i++) {
      codes[i] = Rice.zigzag(codes[i] / g);
    }
    long best = Rice.best(codes, cnt);
    codes[n - 1] = g;
    return best;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** The smallest exponent at which every value is an exact decimal, or -1. */
  static int exponent(double[] vs, int off, int n) {
    int e = 0;
    for (int i = 0; i < n; i++) {
      double v = vs[off + i];
      while (!representable(v, e)) {
        if (++e > MAX_EXPONENT) {
          return -1;
        }
      }
    }
    return e;
  }

  private static boolean representable(double v, int e) {
    double s = v * POW10[e];
    if (!(Math.abs(s) <= MAX_MANTISSA)) { // also false for NaN
      return false;
    }
    long m = Math.round(s);
    return Double.doubleToRawLongBits(decode(m, e)) == Double.doubleToRawLongBits(v);
  }

  private static long mantissa(double v, int e) {
    return Math.round(v * POW10[e]);
  }

  static double decode(long m, int e) {
    return e == 0 ? (double) m : m / POW10[e];
  }
}

package io.watchkeeper.model;

/**
 * The staleness marker: a special NaN that a scrape writes when a series or target disappears,
 * bit-identical to Prometheus' {@code value.StaleNaN} so remote_write peers understand it.
 * Compare bits, never the double (every NaN compares unequal).
 */
public final class StaleMarker {
  /** Bit pattern of the stale NaN (Prometheus {@code value.StaleNaN}). */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** The stale NaN as a double; use {@link #isStale(double)} to test for it. */
  public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  private StaleMarker() {}

  /** Whether {@code v} is the staleness marker (not any other NaN). */
  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }
}

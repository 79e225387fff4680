package io.watchkeeper.query;

import io.watchkeeper.model.Labels;

/**
 * One series of a {@link Matrix}: labels and parallel arrays of timestamps (epoch ms, increasing)
 * and values. The arrays are owned by this object; callers must not modify them.
 */
public record RangeSeries(Labels labels, long[] timestamps, double[] values) {
  public RangeSeries {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  /** Number of points. */
  public int size() {
    return timestamps.length;
  }
}

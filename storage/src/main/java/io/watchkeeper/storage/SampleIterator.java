package io.watchkeeper.storage;

/**
 * A primitive cursor over one series' samples in increasing timestamp order (Prometheus {@code
 * chunkenc.Iterator}): no object per sample. Not thread-safe. Stale markers are returned like any
 * other value.
 */
public interface SampleIterator {
  /** Advances to the next sample; false when exhausted. */
  boolean next();

  /**
   * Advances to the first sample with timestamp {@code >= t}, or stays if the current one already
   * is; never moves backwards. False when there is no such sample.
   */
  boolean seek(long t);

  /** Timestamp of the current sample, epoch ms. */
  long timestamp();

  /** Value of the current sample. */
  double value();

  /** An iterator with no samples. */
  static SampleIterator empty() {
    return new SampleIterator() {
      @Override
      public boolean next() {
        return false;
      }

      @Override
      public boolean seek(long t) {
        return false;
      }

      @Override
      public long timestamp() {
        throw new IllegalStateException("BUG: timestamp() on an empty iterator");
      }

      @Override
      public double value() {
        throw new IllegalStateException("BUG: value() on an empty iterator");
      }
    };
  }
}

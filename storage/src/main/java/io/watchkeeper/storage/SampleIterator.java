package io.watchkeeper.storage;

import io.watchkeeper.model.FloatHistogram;

/**
 * A primitive cursor over one series' samples in increasing timestamp order (Prometheus {@code
 * chunkenc.Iterator}): no object per sample. Not thread-safe. Stale markers are returned like any
 * other value.
 *
 * <p>A sample is a float or a native histogram (Prometheus' {@code ValFloat} and {@code
 * ValFloatHistogram}): check {@link #isHistogram()} before reading it. {@link #value()} on a
 * histogram sample and {@link #histogram()} on a float one throw, so a reader that knows only
 * floats fails loudly instead of reading a made-up number.
 */
public interface SampleIterator {
  /** Advances to the next sample; false when exhausted. */
  boolean next();

  /**
   * Advances to the first sample with timestamp {@code >= t}, or stays if the current one already
   * is; never moves backwards. False when there is no such sample.
   */
  boolean seek(long t);

  /**
   * For a reader that wants the last sample at or before {@code t}: moves forward over samples that
   * cannot be it, without decoding them where the storage allows (chunked data jumps to the last
   * chunk that starts at or before {@code t}). Only samples followed by another one at or before
   * {@code t} are passed over, so the last sample {@code <= t} and everything after it are still
   * to come. Call it only while there is a current sample; it says whether there still is one
   * (always, unless the data ended). The default skips nothing.
   */
  default boolean skipTowards(long t) {
    return true;
  }

  /** Timestamp of the current sample, epoch ms. */
  long timestamp();

  /**
   * Value of the current float sample.
   *
   * @throws IllegalStateException if the current sample is a histogram
   */
  double value();

  /** Whether the current sample is a native histogram. The default (float-only storage) is false. */
  default boolean isHistogram() {
    return false;
  }

  /**
   * The current histogram sample; immutable, so callers may keep it.
   *
   * @throws IllegalStateException if the current sample is a float
   */
  default FloatHistogram histogram() {
    throw new IllegalStateException("BUG: histogram() on a float sample; check isHistogram() first");
  }

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

package io.watchkeeper.storage;

import io.watchkeeper.model.Labels;
import org.jspecify.annotations.Nullable;

/** One series of a {@link SeriesSet}: its labels and its samples in time order. */
public interface Series {
  Labels labels();

  /**
   * A fresh iterator over the samples in the querier's range. {@code reuse}, if not null, is an
   * iterator an earlier call returned that the caller no longer needs; implementations may reset
   * and return it to save allocation.
   */
  SampleIterator iterator(@Nullable SampleIterator reuse);
}

package io.watchkeeper.storage;

/**
 * A cursor over series: call {@link #next()} and, while it returns true, read {@link #at()}.
 * Not thread-safe.
 */
public interface SeriesSet {
  /** Advances to the next series; false when there are no more. */
  boolean next();

  /** The current series; valid until the querier closes. */
  Series at();

  /** A set with no series. */
  static SeriesSet empty() {
    return new SeriesSet() {
      @Override
      public boolean next() {
        return false;
      }

      @Override
      public Series at() {
        throw new IllegalStateException("BUG: at() on an empty series set");
      }
    };
  }
}

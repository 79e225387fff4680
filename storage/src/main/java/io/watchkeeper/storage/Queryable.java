package io.watchkeeper.storage;

/** Something that can be read: gives queriers over a time range. Thread-safe. */
public interface Queryable {
  /**
   * A querier over samples with {@code minT <= t <= maxT} (epoch milliseconds, inclusive). The
   * caller closes it; data it returns stays valid until then.
   */
  Querier querier(long minT, long maxT);
}

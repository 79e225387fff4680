package io.watchkeeper.storage;

import java.util.List;

/**
 * What a query will do with the series it selects (Prometheus {@code storage.SelectHints}).
 * Implementations may ignore it; they must still return correct data for {@code [start, end]}.
 *
 * @param start first timestamp the caller reads, epoch ms
 * @param end last timestamp the caller reads, epoch ms
 * @param step evaluation step in ms (0 for an instant query)
 * @param function the PromQL function applied to the series, or empty
 * @param rangeMillis the range of a range-vector selector, 0 otherwise
 * @param grouping labels of the enclosing aggregation
 * @param by whether grouping is {@code by} (true) or {@code without} (false)
 */
public record SelectHints(
    long start, long end, long step, String function, long rangeMillis, List<String> grouping, boolean by) {
  public SelectHints {
    grouping = List.copyOf(grouping);
  }

  /** Hints that say only the time range. */
  public static SelectHints range(long start, long end) {
    return new SelectHints(start, end, 0, "", 0, List.of(), false);
  }
}

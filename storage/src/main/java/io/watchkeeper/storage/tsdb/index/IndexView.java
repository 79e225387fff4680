package io.watchkeeper.storage.tsdb.index;

import java.util.ArrayList;
import java.util.List;

/**
 * What matcher evaluation needs from an index, the head's or a block's: label names, the values
 * of one label, and postings. Implementations state their own thread-safety.
 */
public interface IndexView {
  /** Sorted label names. */
  List<String> labelNames();

  /** Sorted distinct non-empty values of label {@code name}. */
  List<String> labelValues(String name);

  /** Ids of series with {@code name="value"}, ascending; empty if none. */
  int[] postings(String name, String value);

  /** Ids of every series, ascending. */
  int[] allPostings();

  /** The union of the postings of several values of one label. */
  default int[] postings(String name, List<String> values) {
    List<int[]> lists = new ArrayList<>(values.size());
    for (String v : values) {
      int[] p = postings(name, v);
      if (p.length > 0) {
        lists.add(p);
      }
    }
    return Postings.union(lists);
  }
}

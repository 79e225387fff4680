package io.watchkeeper.query.parser;

import java.util.List;

/**
 * How a binary operation between two vectors pairs their samples: {@code on(labels)} ({@code on}
 * true) or {@code ignoring(labels)}, and {@code group_left/right(include)}.
 */
public record VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {
  /** Which side may have several samples per match group. */
  public enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY,
    MANY_TO_MANY
  }

  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }
}

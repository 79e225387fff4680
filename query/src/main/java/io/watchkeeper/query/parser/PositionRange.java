package io.watchkeeper.query.parser;

/** Where a node stands in the query text: character offsets, start inclusive, end exclusive. */
public record PositionRange(int start, int end) {
  /** For nodes made by code, not parsed. */
  public static final PositionRange NONE = new PositionRange(0, 0);
}

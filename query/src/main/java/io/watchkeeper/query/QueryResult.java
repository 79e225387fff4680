package io.watchkeeper.query;

import java.util.List;

/** A query's value together with the warnings the evaluation produced. */
public record QueryResult(QueryValue value, List<String> warnings) {
  public QueryResult {
    warnings = List.copyOf(warnings);
  }
}

package io.watchkeeper.rules.template;

import java.util.List;

/**
 * What the template function {@code query} returns (Prometheus' {@code queryResult}): a slice of
 * samples, which templates range over, index, and pass to {@code first} or {@code sortByLabel}.
 * Immutable.
 */
public record QueryResult(List<TemplateSample> samples) implements GoValue {
  public QueryResult {
    samples = List.copyOf(samples);
  }

  @Override
  public String goTypeName() {
    return "template.queryResult";
  }
}

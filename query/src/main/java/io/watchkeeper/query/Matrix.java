package io.watchkeeper.query;

import java.util.List;

/** A range vector, or the result of a range query: several samples per series. */
public record Matrix(List<RangeSeries> series) implements QueryValue {
  public Matrix {
    series = List.copyOf(series);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }
}

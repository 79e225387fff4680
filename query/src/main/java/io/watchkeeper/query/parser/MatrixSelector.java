package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/** A range-vector selector {@code selector[range]}; offset and @ live on the inner selector. */
public record MatrixSelector(VectorSelector selector, long rangeMillis, PositionRange position) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }
}

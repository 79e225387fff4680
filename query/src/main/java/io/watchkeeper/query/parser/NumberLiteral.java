package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/** A number: {@code 1}, {@code 0x1F}, {@code 1e3}, {@code Inf}, {@code NaN}, or a duration in seconds. */
public record NumberLiteral(double value, PositionRange position) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}

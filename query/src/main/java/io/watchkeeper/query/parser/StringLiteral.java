package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/** A string with escapes already resolved. */
public record StringLiteral(String value, PositionRange position) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }
}

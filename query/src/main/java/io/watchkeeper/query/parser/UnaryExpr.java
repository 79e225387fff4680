package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/** {@code -expr} (negate is true) or {@code +expr}. */
public record UnaryExpr(boolean negate, Expr expr, PositionRange position) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }
}

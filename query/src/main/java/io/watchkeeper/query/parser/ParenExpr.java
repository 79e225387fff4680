package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/** {@code (expr)}. */
public record ParenExpr(Expr expr, PositionRange position) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }
}

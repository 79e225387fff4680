package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/**
 * A subquery {@code expr[range:step] offset d @ t}. {@code stepMillis} is 0 when omitted (the
 * evaluator then uses the default evaluation interval).
 */
public record SubqueryExpr(
    Expr expr, long rangeMillis, long stepMillis, long offsetMillis, AtModifier at, PositionRange position)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }
}

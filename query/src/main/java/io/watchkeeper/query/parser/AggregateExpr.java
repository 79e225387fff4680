package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.List;
import java.util.Optional;

/**
 * {@code op [by|without (labels)] ([param,] expr)}. With no clause, {@code without} is false and
 * {@code grouping} empty: everything is aggregated into one series.
 */
public record AggregateExpr(
    AggregateOp op, Expr expr, Optional<Expr> param, List<String> grouping, boolean without, PositionRange position)
    implements Expr {
  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }
}

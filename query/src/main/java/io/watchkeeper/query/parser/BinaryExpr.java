package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.Optional;

/**
 * {@code lhs op [bool] [on/ignoring(...)] [group_left/right(...)] rhs}. {@code matching} is present
 * when both sides are vectors (set operators: many-to-many).
 */
public record BinaryExpr(
    BinaryOp op, Expr lhs, Expr rhs, Optional<VectorMatching> matching, boolean returnBool, PositionRange position)
    implements Expr {
  @Override
  public ValueType type() {
    return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
  }
}

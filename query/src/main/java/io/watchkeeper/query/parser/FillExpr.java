package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.OptionalDouble;

/**
 * A vector-to-vector binary operation with fill modifiers ({@code a + fill(0) b}, {@code a +
 * fill_left(1) fill_right(2) b}): a sample with no match on the other side is paired with the fill
 * value for that side instead of being dropped. {@code lhsFill} fills a missing left-hand sample
 * ({@code fill_left}), {@code rhsFill} a missing right-hand one ({@code fill_right}); {@code
 * fill(v)} sets both.
 */
public record FillExpr(BinaryExpr binary, OptionalDouble lhsFill, OptionalDouble rhsFill, PositionRange position)
    implements Expr {
  @Override
  public ValueType type() {
    return binary.type();
  }
}

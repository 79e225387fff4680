package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.Optional;

/**
 * A Prometheus 3 duration expression, in seconds: the range of {@code foo[5m+1m]}, the step of
 * {@code foo[1h:step()*2]}, the offset of {@code foo offset (2*step())}. Operands are {@link
 * NumberLiteral}s (seconds) and nested {@code DurationExpr}s. Unary minus or plus has only a
 * {@code rhs}; {@link Op#STEP} and {@link Op#RANGE} have no operands; {@code wrapped} records
 * parentheses written around it. Appears only inside a {@link DurationParamsExpr}; {@link
 * DurationResolver} computes it for a query.
 */
public record DurationExpr(Op op, Optional<Expr> lhs, Optional<Expr> rhs, boolean wrapped, PositionRange position)
    implements Expr {
  /** Duration operators. */
  public enum Op {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    POW("^"),
    /** {@code step()}: the query's step (0 for instant queries). */
    STEP("step"),
    /** {@code range()}: the range query's end minus start (0 for instant queries). */
    RANGE("range"),
    /** {@code min_of(a, b)}. */
    MIN_OF("min_of"),
    /** {@code max_of(a, b)}. */
    MAX_OF("max_of");

    private final String text;

    Op(String text) {
      this.text = text;
    }

    /** The operator or function name as written. */
    public String text() {
      return text;
    }
  }

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}

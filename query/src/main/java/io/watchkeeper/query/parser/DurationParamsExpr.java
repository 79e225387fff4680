package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.Optional;

/**
 * A selector or subquery whose range, subquery step or offset is a {@link DurationExpr}
 * (Prometheus 3 duration expressions: {@code foo[5m+1m]}, {@code foo[1h:step()]}, {@code foo
 * offset (1h-step())}). {@code expr} is a {@link VectorSelector}, {@link MatrixSelector} or {@link
 * SubqueryExpr} whose corresponding fields hold 0 until {@link DurationResolver#resolve} replaces
 * this node by {@code expr} with the computed values; evaluators resolve once per query, before
 * evaluating. The offset applies to the selector inside a matrix selector, as written.
 */
public record DurationParamsExpr(
    Expr expr,
    Optional<DurationExpr> range,
    Optional<DurationExpr> step,
    Optional<DurationExpr> offset,
    PositionRange position)
    implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }
}

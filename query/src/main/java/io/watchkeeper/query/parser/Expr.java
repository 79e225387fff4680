package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/**
 * A PromQL expression node. Closed: the evaluator switches over the records with pattern matching
 * so the compiler checks every case.
 */
public sealed interface Expr
    permits NumberLiteral,
        StringLiteral,
        VectorSelector,
        MatrixSelector,
        SubqueryExpr,
        Call,
        AggregateExpr,
        BinaryExpr,
        UnaryExpr,
        ParenExpr,
        DurationExpr,
        DurationParamsExpr,
        ExtendedSelector,
        FillExpr {
  /** The type this expression evaluates to. */
  ValueType type();

  /** Where the expression stands in the query text. */
  PositionRange position();
}

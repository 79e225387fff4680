package io.watchkeeper.query.engine;

import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ValueType;
import io.watchkeeper.query.parser.AggregateExpr;
import io.watchkeeper.query.parser.AggregateOp;
import io.watchkeeper.query.parser.AtModifier;
import io.watchkeeper.query.parser.BinaryExpr;
import io.watchkeeper.query.parser.BinaryOp;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.Function;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.NumberLiteral;
import io.watchkeeper.query.parser.PositionRange;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.VectorMatching;
import io.watchkeeper.query.parser.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds ASTs by hand for evaluator tests that must not depend on the parser. */
final class Ast {
  private static final PositionRange P = PositionRange.NONE;

  private Ast() {}

  static VectorSelector sel(String name, Matcher... extra) {
    List<Matcher> m = new ArrayList<>();
    m.add(Matcher.metricName(name));
    m.addAll(List.of(extra));
    return new VectorSelector(name, m, 0, AtModifier.NONE, P);
  }

  static VectorSelector offset(VectorSelector s, long offsetMillis) {
    return new VectorSelector(s.name(), s.matchers(), offsetMillis, s.at(), P);
  }

  static VectorSelector at(VectorSelector s, AtModifier at) {
    return new VectorSelector(s.name(), s.matchers(), s.offsetMillis(), at, P);
  }

  static MatrixSelector range(VectorSelector s, long rangeMillis) {
    return new MatrixSelector(s, rangeMillis, P);
  }

  static SubqueryExpr subquery(Expr e, long rangeMillis, long stepMillis) {
    return new SubqueryExpr(e, rangeMillis, stepMillis, 0, AtModifier.NONE, P);
  }

  static NumberLiteral num(double v) {
    return new NumberLiteral(v, P);
  }

  static Call call(String name, Expr... args) {
    List<ValueType> types = new ArrayList<>();
    for (Expr a : args) {
      types.add(a.type());
    }
    ValueType ret = name.equals("time") || name.equals("scalar") || name.equals("pi") ? ValueType.SCALAR : ValueType.VECTOR;
    return new Call(new Function(name, types, 0, ret, false), List.of(args), P);
  }

  static AggregateExpr agg(AggregateOp op, Expr e, String... by) {
    return new AggregateExpr(op, e, Optional.empty(), List.of(by), false, P);
  }

  static AggregateExpr aggParam(AggregateOp op, Expr param, Expr e, String... by) {
    return new AggregateExpr(op, e, Optional.of(param), List.of(by), false, P);
  }

  static BinaryExpr bin(BinaryOp op, Expr l, Expr r) {
    Optional<VectorMatching> m = l.type() == ValueType.VECTOR && r.type() == ValueType.VECTOR
        ? Optional.of(new VectorMatching(
            op.isSetOperator() ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE,
            List.of(), false, List.of()))
        : Optional.empty();
    return new BinaryExpr(op, l, r, m, false, P);
  }

  static BinaryExpr bin(BinaryOp op, Expr l, Expr r, VectorMatching m) {
    return new BinaryExpr(op, l, r, Optional.of(m), false, P);
  }
}

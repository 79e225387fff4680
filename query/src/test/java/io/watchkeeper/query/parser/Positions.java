package io.watchkeeper.query.parser;

import java.util.List;

/** Test helper: a copy of a tree with every position set to {@link PositionRange#NONE}. */
final class Positions {
  private static final PositionRange N = PositionRange.NONE;

  private Positions() {}

  static Expr strip(Expr e) {
    return switch (e) {
      case NumberLiteral n -> new NumberLiteral(n.value(), N);
      case StringLiteral s -> new StringLiteral(s.value(), N);
      case VectorSelector v -> vs(v);
      case MatrixSelector m -> new MatrixSelector(vs(m.selector()), m.rangeMillis(), N);
      case SubqueryExpr s -> new SubqueryExpr(strip(s.expr()), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), s.at(), N);
      case Call c -> new Call(c.function(), c.args().stream().map(Positions::strip).toList(), N);
      case AggregateExpr a -> new AggregateExpr(
          a.op(), strip(a.expr()), a.param().map(Positions::strip), a.grouping(), a.without(), N);
      case BinaryExpr b -> bin(b);
      case FillExpr f -> new FillExpr(bin(f.binary()), f.lhsFill(), f.rhsFill(), N);
      case UnaryExpr u -> new UnaryExpr(u.negate(), strip(u.expr()), N);
      case ParenExpr p -> new ParenExpr(strip(p.expr()), N);
      case DurationExpr d -> dur(d);
      case DurationParamsExpr d -> new DurationParamsExpr(
          strip(d.expr()), d.range().map(Positions::dur), d.step().map(Positions::dur), d.offset().map(Positions::dur), N);
      case ExtendedSelector x -> new ExtendedSelector(strip(x.expr()), x.mode(), N);
    };
  }

  private static VectorSelector vs(VectorSelector v) {
    return new VectorSelector(v.name(), List.copyOf(v.matchers()), v.offsetMillis(), v.at(), N);
  }

  private static BinaryExpr bin(BinaryExpr b) {
    return new BinaryExpr(b.op(), strip(b.lhs()), strip(b.rhs()), b.matching(), b.returnBool(), N);
  }

  private static DurationExpr dur(DurationExpr d) {
    return new DurationExpr(d.op(), d.lhs().map(Positions::strip), d.rhs().map(Positions::strip), d.wrapped(), N);
  }
}

package io.watchkeeper.query.engine;

import io.watchkeeper.query.parser.AggregateExpr;
import io.watchkeeper.query.parser.AtModifier;
import io.watchkeeper.query.parser.BinaryExpr;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.FillExpr;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.ParenExpr;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.UnaryExpr;
import io.watchkeeper.query.parser.VectorSelector;

/**
 * Rewrites a query so every selector and subquery without {@code @} gets {@code @ t}, not looking
 * inside subqueries (FORMAT.md 9.2): the result must then not depend on the evaluation time.
 */
final class AtModifierRewriter {
  private AtModifierRewriter() {}

  static Expr pin(Expr e, long t) {
    AtModifier at = AtModifier.at(t);
    return switch (e) {
      case VectorSelector vs -> vs.at().isPresent() ? vs : new VectorSelector(vs.name(), vs.matchers(), vs.offsetMillis(), at, vs.position());
      case MatrixSelector m -> new MatrixSelector((VectorSelector) pin(m.selector(), t), m.rangeMillis(), m.position());
      // As upstream: selectors inside a subquery keep their times; only the subquery is pinned.
      case SubqueryExpr s -> s.at().isPresent() ? s
          : new SubqueryExpr(s.expr(), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), at, s.position());
      case ParenExpr p -> new ParenExpr(pin(p.expr(), t), p.position());
      case UnaryExpr u -> new UnaryExpr(u.negate(), pin(u.expr(), t), u.position());
      case BinaryExpr b -> pinBinary(b, t);
      case FillExpr f -> new FillExpr(pinBinary(f.binary(), t), f.lhsFill(), f.rhsFill(), f.position());
      case Call c -> new Call(c.function(), c.args().stream().map(a -> pin(a, t)).toList(), c.position());
      case AggregateExpr a -> new AggregateExpr(a.op(), pin(a.expr(), t), a.param().map(p -> pin(p, t)), a.grouping(), a.without(),
          a.position());
      default -> e;
    };
  }

  private static BinaryExpr pinBinary(BinaryExpr b, long t) {
    return new BinaryExpr(b.op(), pin(b.lhs(), t), pin(b.rhs(), t), b.matching(), b.returnBool(), b.position());
  }
}

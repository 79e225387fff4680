package io.watchkeeper.query.parser;

import io.watchkeeper.query.EvaluationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the duration expressions of a parsed query for one execution (Prometheus' {@code
 * PreprocessExpr} for durations): every {@link DurationParamsExpr} is replaced by its selector or
 * subquery with the computed range, step and offset in milliseconds. Thread-safe, stateless.
 */
public final class DurationResolver {
  private static final double MAX_SECONDS = 9.223372036854776E9;

  private DurationResolver() {}

  /**
   * {@code expr} without duration expressions, for a query with this step ({@code step()}) and
   * range ({@code range()}, end minus start); instant queries pass 0 for both. Returns {@code expr}
   * itself when it has none.
   *
   * @throws EvaluationException if a range or step comes out zero or negative, a division or
   *     modulo by zero occurs, or a value is out of range
   */
  public static Expr resolve(Expr expr, long stepMillis, long rangeMillis) throws EvaluationException {
    if (!containsDurationParams(expr)) {
      return expr;
    }
    return new Resolution(stepMillis, rangeMillis).rewrite(expr);
  }

  /** Milliseconds of a duration in seconds, as Prometheus rounds it (to the nanosecond, then truncated). */
  static long toMillis(double seconds) {
    return Math.round(seconds * 1e9) / 1_000_000;
  }

  private static boolean containsDurationParams(Expr expr) {
    List<Expr> stack = new ArrayList<>();
    stack.add(expr);
    while (!stack.isEmpty()) {
      Expr e = stack.remove(stack.size() - 1);
      if (e instanceof DurationParamsExpr) {
        return true;
      }
      stack.addAll(AstChecker.children(e));
    }
    return false;
  }

  /** The value in seconds of a duration operand (a {@link NumberLiteral} or a {@link DurationExpr}). */
  public static double evaluate(Expr e, long stepMillis, long rangeMillis) throws EvaluationException {
    return new Resolution(stepMillis, rangeMillis).seconds(e);
  }

  private record Resolution(long stepMillis, long rangeMillis) {
    double seconds(Expr e) throws EvaluationException {
      if (e instanceof NumberLiteral n) {
        return n.value();
      }
      if (!(e instanceof DurationExpr d)) {
        throw new IllegalStateException("BUG: not a duration operand: " + e);
      }
      double lhs = d.lhs().isPresent() ? seconds(d.lhs().get()) : 0;
      double rhs = d.rhs().isPresent() ? seconds(d.rhs().get()) : 0;
      return switch (d.op()) {
        case STEP -> stepMillis / 1000.0;
        case RANGE -> rangeMillis / 1000.0;
        case MIN_OF -> Math.min(lhs, rhs);
        case MAX_OF -> Math.max(lhs, rhs);
        case ADD -> d.lhs().isPresent() ? lhs + rhs : rhs;
        case SUB -> d.lhs().isPresent() ? lhs - rhs : -rhs;
        case MUL -> lhs * rhs;
        case DIV -> {
          if (rhs == 0) {
            throw error(d, "division by zero");
          }
          yield lhs / rhs;
        }
        case MOD -> {
          if (rhs == 0) {
            throw error(d, "modulo by zero");
          }
          yield lhs % rhs;
        }
        case POW -> Math.pow(lhs, rhs);
      };
    }

    long millis(DurationExpr d, boolean mayBeNegative) throws EvaluationException {
      double s = seconds(d);
      if (Double.isNaN(s) || s > MAX_SECONDS || s < -MAX_SECONDS) {
        throw error(d, "duration out of range");
      }
      long ms = toMillis(s);
      if (!mayBeNegative && ms <= 0) {
        throw error(d, "duration must be greater than 0");
      }
      return ms;
    }

    private static EvaluationException error(DurationExpr d, String message) {
      return new EvaluationException(
          message + " in duration expression " + ExprPrinter.print(d) + " at offset " + d.position().start());
    }

    Expr rewrite(Expr e) throws EvaluationException {
      return switch (e) {
        case DurationParamsExpr d -> apply(d);
        case MatrixSelector m -> m;
        case VectorSelector v -> v;
        case NumberLiteral n -> n;
        case StringLiteral s -> s;
        case DurationExpr d -> d;
        case SubqueryExpr s -> new SubqueryExpr(
            rewrite(s.expr()), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), s.at(), s.position());
        case Call c -> {
          List<Expr> args = new ArrayList<>(c.args().size());
          for (Expr a : c.args()) {
            args.add(rewrite(a));
          }
          yield new Call(c.function(), args, c.position());
        }
        case AggregateExpr a -> new AggregateExpr(
            a.op(), rewrite(a.expr()), a.param().isPresent() ? Optional.of(rewrite(a.param().get())) : Optional.empty(),
            a.grouping(), a.without(), a.position());
        case BinaryExpr b -> rewriteBinary(b);
        case FillExpr f -> new FillExpr(rewriteBinary(f.binary()), f.lhsFill(), f.rhsFill(), f.position());
        case UnaryExpr u -> new UnaryExpr(u.negate(), rewrite(u.expr()), u.position());
        case ParenExpr p -> new ParenExpr(rewrite(p.expr()), p.position());
        case ExtendedSelector x -> new ExtendedSelector(rewrite(x.expr()), x.mode(), x.position());
      };
    }

    private BinaryExpr rewriteBinary(BinaryExpr b) throws EvaluationException {
      return new BinaryExpr(b.op(), rewrite(b.lhs()), rewrite(b.rhs()), b.matching(), b.returnBool(), b.position());
    }

    private Expr apply(DurationParamsExpr d) throws EvaluationException {
      Expr inner = d.expr();
      Long offset = d.offset().isPresent() ? millis(d.offset().get(), true) : null;
      return switch (inner) {
        case VectorSelector vs -> offset == null ? vs : withOffset(vs, offset);
        case MatrixSelector ms -> {
          long range = d.range().isPresent() ? millis(d.range().get(), false) : ms.rangeMillis();
          VectorSelector vs = offset == null ? ms.selector() : withOffset(ms.selector(), offset);
          yield new MatrixSelector(vs, range, ms.position());
        }
        case SubqueryExpr sq -> new SubqueryExpr(
            rewrite(sq.expr()),
            d.range().isPresent() ? millis(d.range().get(), false) : sq.rangeMillis(),
            d.step().isPresent() ? millis(d.step().get(), false) : sq.stepMillis(),
            offset == null ? sq.offsetMillis() : offset,
            sq.at(),
            sq.position());
        default -> throw new IllegalStateException("BUG: duration parameters on " + inner);
      };
    }

    private static VectorSelector withOffset(VectorSelector vs, long offset) {
      return new VectorSelector(vs.name(), vs.matchers(), offset, vs.at(), vs.position());
    }
  }
}

package io.watchkeeper.query.engine;

import io.watchkeeper.query.RangeSeries;
import io.watchkeeper.query.engine.StepValue.MatrixSteps;
import io.watchkeeper.query.engine.StepValue.ScalarSteps;
import io.watchkeeper.query.engine.StepValue.StringSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.AggregateExpr;
import io.watchkeeper.query.parser.AtModifier;
import io.watchkeeper.query.parser.BinaryExpr;
import io.watchkeeper.query.parser.Call;
import io.watchkeeper.query.parser.DurationExpr;
import io.watchkeeper.query.parser.DurationParamsExpr;
import io.watchkeeper.query.parser.Expr;
import io.watchkeeper.query.parser.ExtendedSelector;
import io.watchkeeper.query.parser.FillExpr;
import io.watchkeeper.query.parser.MatrixSelector;
import io.watchkeeper.query.parser.NumberLiteral;
import io.watchkeeper.query.parser.ParenExpr;
import io.watchkeeper.query.parser.StringLiteral;
import io.watchkeeper.query.parser.SubqueryExpr;
import io.watchkeeper.query.parser.UnaryExpr;
import io.watchkeeper.query.parser.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates an expression over one {@link Grid}: one small method per node kind. A subquery gets
 * its own evaluator over its own grid; all share the {@link QueryContext}. Not thread-safe as a
 * whole, but the per-series work it hands to the context's pool only touches disjoint data.
 */
final class Evaluator {
  final QueryContext ctx;
  final Grid grid;

  /**
   * What receives the value of the node being evaluated, as users write it ({@code rate()},
   * {@code sum}, {@code the + operator}), or null for the query result, which is the one place
   * native histograms may go so far. Set around each node's evaluation; see {@link #eval}.
   */
  private @Nullable String receiver;

  Evaluator(QueryContext ctx, Grid grid) {
    this(ctx, grid, null);
  }

  /** An evaluator whose results go to {@code receiver} (a subquery's: the function reading it). */
  Evaluator(QueryContext ctx, Grid grid, @Nullable String receiver) {
    this.ctx = ctx;
    this.grid = grid;
    this.receiver = receiver;
  }

  /** What the value being evaluated goes to; null for the query result. */
  @Nullable String receiver() {
    return receiver;
  }

  /**
   * Evaluates {@code e} at every step of the grid. A vector holding native histograms is handed
   * only to the query result: any other receiver fails with an error naming it, since no function,
   * operator or aggregation handles histograms yet.
   */
  StepValue eval(Expr e) {
    ctx.checkDeadline();
    long mark = ctx.held();
    String parent = receiver;
    receiver = receiverOf(e, parent);
    StepValue result;
    try {
      result = dispatch(e);
    } finally {
      receiver = parent;
    }
    if (parent != null && result instanceof VectorSteps vs) {
      StepSeries.rejectHistograms(vs.series(), parent);
    }
    // The children's values are garbage once this node has its own: count only the result.
    ctx.resetHeld(mark);
    ctx.acquire(size(result));
    return result;
  }

  private static long size(StepValue v) {
    return switch (v) {
      case ScalarSteps s -> s.values().length;
      case StringSteps s -> 1;
      case VectorSteps vs -> vs.series().isEmpty() ? 0 : (long) vs.series().size() * vs.series().get(0).values.length;
      case MatrixSteps m -> m.series().stream().mapToLong(RangeSeries::size).sum();
    };
  }

  private StepValue dispatch(Expr e) {
    return switch (e) {
      case NumberLiteral n -> scalar(n.value());
      case StringLiteral s -> new StringSteps(s.value());
      case ParenExpr p -> eval(p.expr());
      case UnaryExpr u -> evalUnary(u);
      case VectorSelector v -> new Selectors(this).instant(v, false);
      case MatrixSelector m -> evalMatrixSelector(m);
      case SubqueryExpr s -> evalSubqueryMatrix(s);
      case Call c -> Functions.call(this, c);
      case AggregateExpr a -> new Aggregation(this, a).evaluate();
      case BinaryExpr b -> new BinaryOperation(this, b).evaluate();
      case FillExpr f -> new BinaryOperation(this, f.binary(), f.lhsFill(), f.rhsFill()).evaluate();
      case ExtendedSelector x -> throw unsupportedExtendedSelector(x);
      case DurationExpr d -> throw new IllegalStateException("BUG: duration expression outside a selector: " + d);
      case DurationParamsExpr d -> throw new IllegalStateException("BUG: duration parameters not resolved: " + d);
    };
  }

  /** Who receives the values of {@code e}'s operands. */
  private static @Nullable String receiverOf(Expr e, @Nullable String parent) {
    return switch (e) {
      case Call c -> c.function().name() + "()";
      case AggregateExpr a -> a.op().keyword();
      case BinaryExpr b -> "the " + b.op().text() + " operator";
      case FillExpr f -> "the " + f.binary().op().text() + " operator";
      case UnaryExpr u -> u.negate() ? "unary minus" : parent;
      default -> parent;
    };
  }

  static QueryFailure unsupportedExtendedSelector(ExtendedSelector x) {
    return QueryFailure.execution("the " + x.mode().keyword() + " range selector modifier is not supported");
  }

  /** Evaluates an expression that must give an instant vector. */
  List<StepSeries> evalVector(Expr e) {
    StepValue v = eval(e);
    if (v instanceof VectorSteps vs) {
      return vs.series();
    }
    throw new IllegalStateException("BUG: expected an instant vector from " + e + ", got " + v);
  }

  /** Evaluates an expression that must give a scalar. */
  double[] evalScalar(Expr e) {
    StepValue v = eval(e);
    if (v instanceof ScalarSteps s) {
      return s.values();
    }
    throw new IllegalStateException("BUG: expected a scalar from " + e + ", got " + v);
  }

  ScalarSteps scalar(double value) {
    double[] v = new double[grid.steps()];
    Arrays.fill(v, value);
    return new ScalarSteps(v);
  }

  private StepValue evalUnary(UnaryExpr u) {
    StepValue v = eval(u.expr());
    if (!u.negate()) {
      return v;
    }
    return switch (v) {
      case ScalarSteps s -> new ScalarSteps(negated(s.values()));
      case VectorSteps vs -> {
        for (StepSeries s : vs.series()) {
          negateInPlace(s.values);
          s.dropName = true;
        }
        yield vs;
      }
      default -> throw new IllegalStateException("BUG: unary minus on " + v.getClass().getSimpleName());
    };
  }

  private static double[] negated(double[] values) {
    double[] out = values.clone();
    negateInPlace(out);
    return out;
  }

  private static void negateInPlace(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!StepSeries.isAbsent(values[i])) {
        values[i] = -values[i];
      }
    }
  }

  /** The time a selector or subquery with {@code at} looks at for step {@code i}, before its offset. */
  long atTime(AtModifier at, int step) {
    return switch (at.kind()) {
      case NONE -> grid.time(step);
      case TIMESTAMP -> at.timestampMillis();
      case START -> ctx.queryStart;
      case END -> ctx.queryEnd;
    };
  }

  /** Window ends (at and offset applied) of a range or instant selection, one per step. */
  long[] windowEnds(AtModifier at, long offsetMillis) {
    long[] ends = new long[grid.steps()];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = atTime(at, i) - offsetMillis;
    }
    return ends;
  }

  /** Counts a raw result series against the sample limit as it is built. */
  private RangeSeries held(RangeSeries s) {
    ctx.acquire(s.size());
    return s;
  }

  /** {@code foo[5m]} as the value of an instant query: the raw samples of each series. */
  private StepValue evalMatrixSelector(MatrixSelector m) {
    List<RangeSeries> out = new ArrayList<>();
    RangeInput input = RangeInput.of(this, m, receiver == null ? "range vector results" : receiver);
    input.forEachSeries(0, input.size(), (i, buffer) -> out.add(held(buffer.toRangeSeries(
        input.windowEnd(grid.steps() - 1), input.windowExclusiveStart(grid.steps() - 1)))));
    return new MatrixSteps(out);
  }

  private StepValue evalSubqueryMatrix(SubqueryExpr s) {
    List<RangeSeries> out = new ArrayList<>();
    RangeInput input = RangeInput.of(this, s, receiver == null ? "subquery results" : receiver);
    input.forEachSeries(0, input.size(), (i, buffer) -> out.add(held(buffer.toRangeSeries(
        input.windowEnd(grid.steps() - 1), input.windowExclusiveStart(grid.steps() - 1)))));
    return new MatrixSteps(out);
  }
}

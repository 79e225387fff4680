package io.watchkeeper.query.engine;

import io.watchkeeper.model.Labels;
import io.watchkeeper.query.engine.StepValue.ScalarSteps;
import io.watchkeeper.query.engine.StepValue.VectorSteps;
import io.watchkeeper.query.parser.BinaryExpr;
import io.watchkeeper.query.parser.BinaryOp;
import io.watchkeeper.query.parser.VectorMatching;
import io.watchkeeper.query.parser.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One binary operation over every step: scalar/scalar, vector/scalar, and vector/vector with
 * Prometheus' matching rules ({@code on}/{@code ignoring}, {@code group_left}/{@code group_right},
 * the set operators) and its exact errors. Matching signatures are computed once per series; each
 * step then pairs the series that have a value there. Not thread-safe.
 */
final class BinaryOperation {
  private final Evaluator ev;
  private final BinaryExpr expr;
  private final BinaryOp op;
  private final int steps;
  private final OptionalDouble lhsFill;
  private final OptionalDouble rhsFill;

  BinaryOperation(Evaluator ev, BinaryExpr expr) {
    this(ev, expr, OptionalDouble.empty(), OptionalDouble.empty());
  }

  /** An operation with {@code fill_left}/{@code fill_right} values for unmatched samples. */
  BinaryOperation(Evaluator ev, BinaryExpr expr, OptionalDouble lhsFill, OptionalDouble rhsFill) {
    this.ev = ev;
    this.expr = expr;
    this.op = expr.op();
    this.steps = ev.grid.steps();
    this.lhsFill = lhsFill;
    this.rhsFill = rhsFill;
  }

  StepValue evaluate() {
    StepValue lhs = ev.eval(expr.lhs());
    StepValue rhs = ev.eval(expr.rhs());
    if (lhs instanceof ScalarSteps l && rhs instanceof ScalarSteps r) {
      return scalars(l.values(), r.values());
    }
    if (lhs instanceof VectorSteps l && rhs instanceof ScalarSteps r) {
      return vectorScalar(l.series(), r.values(), false);
    }
    if (lhs instanceof ScalarSteps l && rhs instanceof VectorSteps r) {
      return vectorScalar(r.series(), l.values(), true);
    }
    if (lhs instanceof VectorSteps l && rhs instanceof VectorSteps r) {
      return vectors(l.series(), r.series());
    }
    throw new IllegalStateException("BUG: binary " + op + " between " + lhs + " and " + rhs);
  }

  private ScalarSteps scalars(double[] l, double[] r) {
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      if (op.isComparison()) {
        out[i] = compare(l[i], r[i]) ? 1 : 0;
      } else {
        out[i] = arithmetic(op, l[i], r[i]);
      }
    }
    return new ScalarSteps(out);
  }

  private VectorSteps vectorScalar(List<StepSeries> vector, double[] scalar, boolean scalarOnLeft) {
    boolean comparison = op.isComparison();
    List<StepSeries> out = new ArrayList<>(vector.size());
    for (StepSeries s : vector) {
      double[] v = s.values;
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        if (StepSeries.isAbsent(v[i])) {
          continue;
        }
        double l = scalarOnLeft ? scalar[i] : v[i];
        double r = scalarOnLeft ? v[i] : scalar[i];
        if (!comparison) {
          v[i] = arithmetic(op, l, r);
        } else if (expr.returnBool()) {
          v[i] = compare(l, r) ? 1 : 0;
        } else if (!compare(l, r)) {
          v[i] = StepSeries.ABSENT;
        }
        any |= !StepSeries.isAbsent(v[i]);
      }
      if (dropsName()) {
        s.dropName = true;
      }
      if (any) {
        out.add(s);
      }
    }
    return new VectorSteps(out);
  }

  private VectorSteps vectors(List<StepSeries> lhs, List<StepSeries> rhs) {
    VectorMatching matching = expr.matching().orElse(new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of()));
    return switch (op) {
      case AND -> and(lhs, rhs, matching, true);
      case UNLESS -> and(lhs, rhs, matching, false);
      case OR -> or(lhs, rhs, matching);
      default -> matched(lhs, rhs, matching);
    };
  }

  private static GroupIndex signatures(VectorMatching m) {
    return new GroupIndex(m.matchingLabels(), !m.on());
  }

  /** For each signature, the steps at which some series of {@code side} has a value. */
  private Map<Integer, boolean[]> presence(List<StepSeries> side, GroupIndex sigs) {
    Map<Integer, boolean[]> present = new HashMap<>();
    for (StepSeries s : side) {
      boolean[] p = present.computeIfAbsent(sigs.groupOf(s.labels), k -> new boolean[steps]);
      for (int i = 0; i < steps; i++) {
        p[i] |= !StepSeries.isAbsent(s.values[i]);
      }
    }
    return present;
  }

  /** {@code and} (keep lhs points matched on the right) and {@code unless} (keep the unmatched). */
  private VectorSteps and(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m, boolean keepMatched) {
    GroupIndex sigs = signatures(m);
    Map<Integer, boolean[]> right = presence(rhs, sigs);
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : lhs) {
      boolean[] p = right.get(sigs.groupOf(s.labels));
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        boolean matched = p != null && p[i];
        if (matched != keepMatched) {
          s.values[i] = StepSeries.ABSENT;
        }
        any |= !StepSeries.isAbsent(s.values[i]);
      }
      if (any) {
        out.add(s);
      }
    }
    return new VectorSteps(out);
  }

  /** {@code or}: every lhs point, and rhs points whose signature has no lhs point at that step. */
  private VectorSteps or(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m) {
    GroupIndex sigs = signatures(m);
    Map<Integer, boolean[]> left = presence(lhs, sigs);
    List<StepSeries> out = new ArrayList<>(lhs);
    for (StepSeries s : rhs) {
      boolean[] p = left.get(sigs.groupOf(s.labels));
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        if (p != null && p[i]) {
          s.values[i] = StepSeries.ABSENT;
        }
        any |= !StepSeries.isAbsent(s.values[i]);
      }
      if (any) {
        out.add(s);
      }
    }
    return new VectorSteps(out);
  }

  /** Arithmetic and comparison between vectors: one-to-one, many-to-one or one-to-many. */
  private VectorSteps matched(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m) {
    Matching matching = new Matching(lhs, rhs, m);
    for (int i = 0; i < steps; i++) {
      ev.ctx.checkDeadline();
      matching.step(i);
    }
    return new VectorSteps(new ArrayList<>(matching.out.values()));
  }

  /**
   * The state of one vector matching: signatures are computed once per series, partners are
   * found per step. Prometheus swaps the sides of {@code group_right} before filling, so {@code
   * fill_right} always fills a missing "one" side and {@code fill_left} a missing "many" side
   * (fill-modifier.test pins this).
   */
  private final class Matching {
    private final VectorMatching m;
    private final boolean oneToMany;
    private final List<StepSeries> many;
    private final int[] manySigs;
    private final Map<Integer, List<StepSeries>> oneBySig = new HashMap<>();
    private final Labels[] cachedFor;
    private final Labels[] cachedResult;
    final Map<Labels, StepSeries> out = new LinkedHashMap<>();

    Matching(List<StepSeries> lhs, List<StepSeries> rhs, VectorMatching m) {
      this.m = m;
      this.oneToMany = m.cardinality() == Cardinality.ONE_TO_MANY;
      this.many = oneToMany ? rhs : lhs;
      GroupIndex sigs = signatures(m);
      for (StepSeries s : oneToMany ? lhs : rhs) {
        oneBySig.computeIfAbsent(sigs.groupOf(s.labels), k -> new ArrayList<>()).add(s);
      }
      manySigs = new int[many.size()];
      for (int k = 0; k < many.size(); k++) {
        manySigs[k] = sigs.groupOf(many.get(k).labels);
      }
      cachedFor = new Labels[many.size()];
      cachedResult = new Labels[many.size()];
    }

    void step(int i) {
      Map<Integer, StepSeries> oneAtStep = uniqueOneSide(oneBySig, i, m, oneToMany);
      Map<Integer, Object> matched = new HashMap<>();
      Set<Integer> manyPresent = new HashSet<>();
      for (int k = 0; k < many.size(); k++) {
        if (!StepSeries.isAbsent(many.get(k).values[i])) {
          manyPresent.add(manySigs[k]);
          pair(i, k, oneAtStep.get(manySigs[k]), matched);
        }
      }
      if (lhsFill.isPresent()) {
        fillMissingMany(out, oneAtStep, manyPresent, i, m, lhsFill.getAsDouble(), oneToMany);
      }
    }

    /** Combines many-side series {@code k} with its partner {@code r} (or the fill value) at step {@code i}. */
    private void pair(int i, int k, @Nullable StepSeries r, Map<Integer, Object> matched) {
      if (r == null && rhsFill.isEmpty()) {
        return;
      }
      StepSeries s = many.get(k);
      Labels oneLabels = r == null ? Labels.EMPTY : r.labels;
      double oneValue = r == null ? rhsFill.getAsDouble() : r.values[i];
      if (cachedFor[k] != oneLabels) {
        cachedFor[k] = oneLabels;
        cachedResult[k] = resultLabels(s.labels, oneLabels, m);
      }
      Labels result = cachedResult[k];
      if (r != null) {
        checkUniqueMatch(matched, manySigs[k], result, m);
      }
      double sv = s.values[i];
      emit(out, result, i, oneToMany ? oneValue : sv, oneToMany ? sv : oneValue, dropsName() || s.dropName);
    }
  }

  /** Pairs each one-side sample without a many-side partner with the fill value. */
  private void fillMissingMany(
      Map<Labels, StepSeries> out, Map<Integer, StepSeries> oneAtStep, Set<Integer> manyPresent, int i, VectorMatching m,
      double fill, boolean oneToMany) {
    for (Map.Entry<Integer, StepSeries> e : oneAtStep.entrySet()) {
      if (manyPresent.contains(e.getKey())) {
        continue;
      }
      StepSeries r = e.getValue();
      Labels group = m.on() ? r.labels.keeping(m.matchingLabels()) : withoutNameAnd(r.labels, m.matchingLabels());
      double v = r.values[i];
      emit(out, group, i, oneToMany ? v : fill, oneToMany ? fill : v, true);
    }
  }

  /** Computes one result point and adds it to the output series with {@code labels}. */
  private void emit(Map<Labels, StepSeries> out, Labels labels, int i, double l, double r, boolean dropName) {
    double value;
    if (!op.isComparison()) {
      value = arithmetic(op, l, r);
    } else if (expr.returnBool()) {
      value = compare(l, r) ? 1 : 0;
    } else if (compare(l, r)) {
      value = l;
    } else {
      return;
    }
    StepSeries target = out.computeIfAbsent(labels, x -> StepSeries.empty(x, steps));
    target.values[i] = value;
    target.dropName |= dropName;
  }

  /**
   * The one-side series per signature at step {@code i}; two with a value for one signature is
   * many-to-many matching, which Prometheus refuses.
   */
  private Map<Integer, StepSeries> uniqueOneSide(Map<Integer, List<StepSeries>> oneBySig, int i, VectorMatching m, boolean oneToMany) {
    Map<Integer, StepSeries> at = new HashMap<>();
    for (Map.Entry<Integer, List<StepSeries>> e : oneBySig.entrySet()) {
      StepSeries found = null;
      for (StepSeries s : e.getValue()) {
        if (StepSeries.isAbsent(s.values[i])) {
          continue;
        }
        if (found != null) {
          throw duplicateOnOneSide(found, s, m, oneToMany);
        }
        found = s;
      }
      if (found != null) {
        at.put(e.getKey(), found);
      }
    }
    return at;
  }

  private static QueryFailure duplicateOnOneSide(StepSeries a, StepSeries b, VectorMatching m, boolean oneToMany) {
    Labels first = a.labels.compareTo(b.labels) <= 0 ? a.labels : b.labels;
    Labels second = first == a.labels ? b.labels : a.labels;
    Labels group = m.on() ? a.labels.keeping(m.matchingLabels()) : withoutNameAnd(a.labels, m.matchingLabels());
    return QueryFailure.execution(
        "found duplicate series for the match group " + group + " on the " + (oneToMany ? "left" : "right")
            + " hand-side of the operation: [" + first + ", " + second + "]"
            + ";many-to-many matching not allowed: matching labels must be unique on one side");
  }

  private static Labels withoutNameAnd(Labels l, List<String> names) {
    Labels.Builder b = l.toBuilder().delete(Labels.METRIC_NAME);
    for (String n : names) {
      b.delete(n);
    }
    return b.build();
  }

  /** Each signature matches once per step (one-to-one); each result label set appears once (many-to-one). */
  private static void checkUniqueMatch(Map<Integer, Object> matched, int sig, Labels result, VectorMatching m) {
    Object prev = matched.get(sig);
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      if (prev != null) {
        throw QueryFailure.execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      }
      matched.put(sig, Boolean.TRUE);
      return;
    }
    @SuppressWarnings("unchecked")
    Set<Labels> seen = (Set<Labels>) matched.computeIfAbsent(sig, k -> new HashSet<Labels>());
    if (!seen.add(result)) {
      throw QueryFailure.execution("multiple matches for labels: grouping labels must ensure unique matches");
    }
  }

  /** The labels of a result point (Prometheus {@code resultMetric}); the name is dropped later if at all. */
  private static Labels resultLabels(Labels many, Labels one, VectorMatching m) {
    Labels.Builder b = many.toBuilder();
    if (m.cardinality() == Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        Labels kept = many.keeping(m.matchingLabels());
        b = kept.toBuilder();
      } else {
        for (String n : m.matchingLabels()) {
          b.delete(n);
        }
      }
    }
    for (String n : m.include()) {
      b.set(n, one.get(n));
    }
    return b.build();
  }

  /** Arithmetic and {@code bool} comparisons drop the metric name; Prometheus 2 kept it for atan2. */
  private boolean dropsName() {
    if (op == BinaryOp.ATAN2 && ev.ctx.isPrometheus2()) {
      return false;
    }
    return !op.isComparison() || expr.returnBool();
  }

  private boolean compare(double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalStateException("BUG: not a comparison: " + op);
    };
  }

  /** Arithmetic as Go computes it (notably {@code math.Pow}'s special cases). */
  static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalStateException("BUG: not arithmetic: " + op);
    };
  }

  private static double pow(double x, double y) {
    if (x == 1 || (x == -1 && Double.isInfinite(y))) {
      return 1; // Go: Pow(1, y) = 1 for any y, Pow(-1, ±Inf) = 1; Java answers NaN
    }
    return Math.pow(x, y);
  }
}

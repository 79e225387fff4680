package io.watchkeeper.query.parser;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ValueType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' {@code checkAST}: the type checks run on a syntactically valid tree, children first,
 * reporting the first error with Prometheus' wording. Also rejects trees deeper than {@link
 * PromqlParser#MAX_DEPTH}, checked without recursion, before any recursive walk.
 */
final class AstChecker {
  private final String input;
  private final Map<BinaryExpr, PromqlParser.BinaryModifiers> modifiers;

  AstChecker(String input, Map<BinaryExpr, PromqlParser.BinaryModifiers> modifiers) {
    this.input = input;
    this.modifiers = modifiers;
  }

  void check(Expr root) {
    checkDepth(root);
    checkNode(root);
  }

  /** The children of a node, in evaluation order. */
  static List<Expr> children(Expr e) {
    return switch (e) {
      case NumberLiteral n -> List.of();
      case StringLiteral s -> List.of();
      case VectorSelector v -> List.of();
      case MatrixSelector m -> List.of(m.selector());
      case SubqueryExpr s -> List.of(s.expr());
      case Call c -> c.args();
      case AggregateExpr a -> a.param().isPresent() ? List.of(a.param().get(), a.expr()) : List.of(a.expr());
      case BinaryExpr b -> List.of(b.lhs(), b.rhs());
      case UnaryExpr u -> List.of(u.expr());
      case ParenExpr p -> List.of(p.expr());
      case DurationExpr d -> d.lhs().isPresent() ? List.of(d.lhs().get(), d.rhs().orElseThrow()) : d.rhs().stream().toList();
      case DurationParamsExpr d -> List.of(d.expr());
      case ExtendedSelector x -> List.of(x.expr());
      case FillExpr f -> List.of(f.binary());
    };
  }

  private static void checkDepth(Expr root) {
    record Item(Expr e, int depth) {}
    Deque<Item> stack = new ArrayDeque<>();
    stack.push(new Item(root, 1));
    while (!stack.isEmpty()) {
      Item it = stack.pop();
      if (it.depth() > PromqlParser.MAX_DEPTH) {
        throw new ParseFailure(it.e().position().start(), "expression too deeply nested");
      }
      for (Expr c : children(it.e())) {
        stack.push(new Item(c, it.depth() + 1));
      }
    }
  }

  private ValueType checkNode(Expr node) {
    switch (node) {
      case AggregateExpr a -> checkAggregate(a);
      case BinaryExpr b -> checkBinary(b);
      case FillExpr f -> checkFill(f);
      case Call c -> checkCall(c);
      case ParenExpr p -> checkNode(p.expr());
      case UnaryExpr u -> {
        ValueType t = checkNode(u.expr());
        if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
          fail(u.position(), "unary expression only allowed on expressions of type scalar or instant vector, got "
              + GoStrings.quote(documentedType(t)));
        }
      }
      case SubqueryExpr s -> {
        ValueType t = checkNode(s.expr());
        if (t != ValueType.VECTOR) {
          fail(s.position(), "subquery is only allowed on instant vector, got " + t.apiName() + " instead");
        }
      }
      case MatrixSelector m -> checkNode(m.selector());
      case VectorSelector v -> checkVectorSelector(v);
      case DurationParamsExpr d -> checkNode(d.expr());
      case ExtendedSelector x -> checkNode(x.expr());
      case NumberLiteral n -> {
        // terminal
      }
      case StringLiteral s -> {
        // terminal
      }
      case DurationExpr d -> {
        // checked while parsing
      }
    }
    return node.type();
  }

  private void checkAggregate(AggregateExpr a) {
    expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
    if (a.param().isPresent()) {
      ValueType want = a.op() == AggregateOp.COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
      expectType(a.param().get(), want, "aggregation parameter");
    }
  }

  private void checkBinary(BinaryExpr b) {
    ValueType lt = checkNode(b.lhs());
    ValueType rt = checkNode(b.rhs());
    PromqlParser.BinaryModifiers mods = modifiers.get(b);
    if (b.returnBool() && !b.op().isComparison()) {
      fail(operatorStart(b), "bool modifier can only be used on comparison operators");
    }
    if (b.op().isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      fail(operatorStart(b), "comparisons between scalars must use BOOL modifier");
    }
    if (mods != null && mods.on) {
      for (String l : mods.matchingLabels) {
        if (mods.include.contains(l)) {
          fail(operatorStart(b), "label " + GoStrings.quote(l) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      fail(b.lhs().position(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      fail(b.rhs().position(), "binary expression must contain only scalar and instant vector types");
    }
    boolean bothVectors = lt == ValueType.VECTOR && rt == ValueType.VECTOR;
    if (!bothVectors) {
      if (mods != null && !mods.matchingLabels.isEmpty()) {
        fail(b.position(), "vector matching only allowed between instant vectors");
      }
    } else if (b.op().isSetOperator()) {
      VectorMatching.Cardinality card = b.matching().orElseThrow().cardinality();
      if (card == VectorMatching.Cardinality.ONE_TO_MANY || card == VectorMatching.Cardinality.MANY_TO_ONE) {
        fail(b.position(), "no grouping allowed for " + GoStrings.quote(b.op().text()) + " operation");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
      fail(b.position(), "set operator " + GoStrings.quote(b.op().text()) + " not allowed in binary scalar expression");
    }
  }

  private void checkFill(FillExpr f) {
    checkBinary(f.binary());
    BinaryExpr b = f.binary();
    if (b.op().isSetOperator()) {
      fail(b.position(), "fill modifiers are not allowed for set operator " + GoStrings.quote(b.op().text()));
    }
    if (b.lhs().type() != ValueType.VECTOR || b.rhs().type() != ValueType.VECTOR) {
      fail(b.position(), "fill modifiers are only allowed between instant vectors");
    }
  }

  private void checkCall(Call c) {
    Function fn = c.function();
    int nargs = fn.argTypes().size();
    int got = c.args().size();
    String name = GoStrings.quote(fn.name());
    if (fn.variadic() == 0) {
      if (nargs != got) {
        fail(c.position(), "expected " + nargs + " argument(s) in call to " + name + ", got " + got);
      }
    } else {
      int atLeast = nargs - 1;
      if (atLeast > got) {
        fail(c.position(), "expected at least " + atLeast + " argument(s) in call to " + name + ", got " + got);
      } else if (fn.variadic() > 0 && atLeast + fn.variadic() < got) {
        fail(c.position(), "expected at most " + (atLeast + fn.variadic()) + " argument(s) in call to " + name
            + ", got " + got);
      }
    }
    boolean info = fn.name().equals("info") && got > 1;
    if (info) {
      checkInfoSelector(c.args().get(1));
    }
    for (int i = 0; i < got; i++) {
      if (info && i == 1) {
        continue;
      }
      int k = i;
      if (k >= nargs) {
        if (fn.variadic() == 0) {
          break;
        }
        k = nargs - 1;
      }
      expectType(c.args().get(i), fn.argTypes().get(k), "call to function " + name);
    }
  }

  /**
   * {@code info}'s second argument selects data labels: label matchers only, which may all match
   * the empty string ({@code {data=~".*"}}).
   */
  private void checkInfoSelector(Expr arg) {
    if (arg.type() != ValueType.VECTOR) {
      fail(arg.position(), "expected type instant vector in call to function \"info\", got " + documentedType(arg.type()));
    }
    if (!(arg instanceof VectorSelector v)) {
      fail(arg.position(), "expected label selectors only");
      return;
    }
    if (!v.name().isEmpty()) {
      fail(arg.position(), "expected label selectors only, got vector selector instead");
    }
  }

  private void checkVectorSelector(VectorSelector v) {
    List<Matcher> ms = v.matchers();
    if (!v.name().isEmpty()) {
      for (Matcher m : ms.subList(0, ms.size() - 1)) {
        if (m.name().equals(Labels.METRIC_NAME)) {
          fail(v.position(), "metric name must not be set twice: " + GoStrings.quote(v.name()) + " or "
              + GoStrings.quote(m.value()));
        }
      }
      return;
    }
    for (Matcher m : ms) {
      if (!m.matchesEmpty()) {
        return;
      }
    }
    fail(v.position(), "vector selector must contain at least one non-empty matcher");
  }

  private void expectType(Expr e, ValueType want, String context) {
    ValueType t = checkNode(e);
    if (t != want) {
      fail(e.position(), "expected type " + documentedType(want) + " in " + context + ", got " + documentedType(t));
    }
  }

  /** Prometheus' {@code DocumentedType}: {@code instant vector}, {@code range vector}, ... */
  static String documentedType(ValueType t) {
    return switch (t) {
      case VECTOR -> "instant vector";
      case MATRIX -> "range vector";
      case SCALAR -> "scalar";
      case STRING -> "string";
    };
  }

  /** Where the operator of {@code b} starts: after the left operand and any spaces. */
  private PositionRange operatorStart(BinaryExpr b) {
    int i = b.lhs().position().end();
    while (i < input.length() && Lexer.isSpace(input.charAt(i))) {
      i++;
    }
    return new PositionRange(i, i);
  }

  private static void fail(PositionRange pos, String message) {
    throw new ParseFailure(pos.start(), message);
  }
}

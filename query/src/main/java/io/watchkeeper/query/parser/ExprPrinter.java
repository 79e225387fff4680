package io.watchkeeper.query.parser;

import io.watchkeeper.model.GoFloat;
import io.watchkeeper.model.PromDuration;
import io.watchkeeper.model.Labels;
import io.watchkeeper.model.Matcher;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Prints an expression as Prometheus' {@code String()} does ({@code promql/parser/printer.go}):
 * {@code sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1h))}. Parsing the result
 * gives back an equal tree, positions aside. Differences from Prometheus, each so that the round
 * trip holds: literals written as durations print as seconds ({@code 300}), group modifiers print
 * even after an empty {@code ignoring()}, and a unary {@code +} in a duration expression is kept.
 * Thread-safe, stateless.
 */
public final class ExprPrinter {
  private ExprPrinter() {}

  /** The PromQL text of {@code e}. */
  public static String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    append(sb, e);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Expr e) {
    switch (e) {
      case NumberLiteral n -> sb.append(GoFloat.formatF(n.value()));
      case StringLiteral s -> GoStrings.appendQuoted(sb, s.value());
      case VectorSelector v -> appendVectorSelector(sb, v, "", null);
      case MatrixSelector m -> appendMatrixSelector(sb, m, null, "", null);
      case SubqueryExpr s -> appendSubquery(sb, s, null, null, null);
      case Call c -> {
        sb.append(c.function().name()).append('(');
        appendList(sb, c.args());
        sb.append(')');
      }
      case AggregateExpr a -> appendAggregate(sb, a);
      case BinaryExpr b -> appendBinary(sb, b, OptionalDouble.empty(), OptionalDouble.empty());
      case FillExpr f -> appendBinary(sb, f.binary(), f.lhsFill(), f.rhsFill());
      case UnaryExpr u -> {
        sb.append(u.negate() ? '-' : '+');
        append(sb, u.expr());
      }
      case ParenExpr p -> {
        sb.append('(');
        append(sb, p.expr());
        sb.append(')');
      }
      case DurationExpr d -> appendDuration(sb, d);
      case DurationParamsExpr d -> appendWithParams(sb, d, "");
      case ExtendedSelector x -> {
        String suffix = " " + x.mode().keyword();
        switch (x.expr()) {
          case VectorSelector v -> appendVectorSelector(sb, v, suffix, null);
          case MatrixSelector m -> appendMatrixSelector(sb, m, null, suffix, null);
          case DurationParamsExpr d -> appendWithParams(sb, d, suffix);
          default -> throw new IllegalStateException("BUG: " + x.mode() + " on " + x.expr());
        }
      }
    }
  }

  private static void appendWithParams(StringBuilder sb, DurationParamsExpr d, String suffix) {
    DurationExpr offset = d.offset().orElse(null);
    switch (d.expr()) {
      case VectorSelector v -> appendVectorSelector(sb, v, suffix, offset);
      case MatrixSelector m -> appendMatrixSelector(sb, m, d.range().orElse(null), suffix, offset);
      case SubqueryExpr s -> appendSubquery(sb, s, d.range().orElse(null), d.step().orElse(null), offset);
      default -> throw new IllegalStateException("BUG: duration parameters on " + d.expr());
    }
  }

  private static void appendList(StringBuilder sb, List<Expr> args) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      append(sb, args.get(i));
    }
  }

  private static void appendAggregate(StringBuilder sb, AggregateExpr a) {
    sb.append(a.op().keyword());
    if (a.without()) {
      sb.append(" without (");
      appendLabels(sb, a.grouping());
      sb.append(") ");
    } else if (!a.grouping().isEmpty()) {
      sb.append(" by (");
      appendLabels(sb, a.grouping());
      sb.append(") ");
    }
    sb.append('(');
    if (a.param().isPresent()) {
      append(sb, a.param().get());
      sb.append(", ");
    }
    append(sb, a.expr());
    sb.append(')');
  }

  private static void appendBinary(StringBuilder sb, BinaryExpr b, OptionalDouble lhsFill, OptionalDouble rhsFill) {
    append(sb, b.lhs());
    sb.append(' ').append(b.op().text());
    if (b.returnBool()) {
      sb.append(" bool");
    }
    if (b.matching().isPresent()) {
      VectorMatching vm = b.matching().get();
      boolean grouped =
          vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
              || vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
      if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
        sb.append(vm.on() ? " on (" : " ignoring (");
        appendLabels(sb, vm.matchingLabels());
        sb.append(')');
        if (grouped) {
          sb.append(vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
          appendLabels(sb, vm.include());
          sb.append(')');
        }
      }
    }
    if (lhsFill.isPresent() && rhsFill.isPresent()
        && Double.compare(lhsFill.getAsDouble(), rhsFill.getAsDouble()) == 0) {
      sb.append(" fill(").append(GoFloat.formatF(lhsFill.getAsDouble())).append(')');
    } else {
      if (lhsFill.isPresent()) {
        sb.append(" fill_left(").append(GoFloat.formatF(lhsFill.getAsDouble())).append(')');
      }
      if (rhsFill.isPresent()) {
        sb.append(" fill_right(").append(GoFloat.formatF(rhsFill.getAsDouble())).append(')');
      }
    }
    sb.append(' ');
    append(sb, b.rhs());
  }

  private static void appendVectorSelector(StringBuilder sb, VectorSelector v, String suffix, @Nullable DurationExpr offset) {
    appendSelectorBody(sb, v);
    sb.append(suffix);
    appendAtAndOffset(sb, v.at(), v.offsetMillis(), offset);
  }

  private static void appendMatrixSelector(
      StringBuilder sb, MatrixSelector m, DurationExpr range, String suffix, @Nullable DurationExpr offset) {
    appendSelectorBody(sb, m.selector());
    sb.append('[');
    if (range != null) {
      appendDuration(sb, range);
    } else {
      sb.append(PromDuration.format(m.rangeMillis()));
    }
    sb.append(']').append(suffix);
    appendAtAndOffset(sb, m.selector().at(), m.selector().offsetMillis(), offset);
  }

  private static void appendSubquery(
      StringBuilder sb, SubqueryExpr s, @Nullable DurationExpr range, @Nullable DurationExpr step, @Nullable DurationExpr offset) {
    append(sb, s.expr());
    sb.append('[');
    if (range != null) {
      appendDuration(sb, range);
    } else {
      sb.append(PromDuration.format(s.rangeMillis()));
    }
    sb.append(':');
    if (step != null) {
      appendDuration(sb, step);
    } else if (s.stepMillis() != 0) {
      sb.append(PromDuration.format(s.stepMillis()));
    }
    sb.append(']');
    appendAtAndOffset(sb, s.at(), s.offsetMillis(), offset);
  }

  /** {@code name{matchers}} without modifiers; the metric name matcher is not repeated. */
  private static void appendSelectorBody(StringBuilder sb, VectorSelector v) {
    List<Matcher> ms = v.matchers();
    int count = v.name().isEmpty() ? ms.size() : ms.size() - 1;
    sb.append(v.name());
    if (count == 0 && !v.name().isEmpty()) {
      return;
    }
    sb.append('{');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Matcher m = ms.get(i);
      appendLabelName(sb, m.name());
      sb.append(m.type().operator());
      GoStrings.appendQuoted(sb, m.value());
    }
    sb.append('}');
  }

  private static void appendAtAndOffset(StringBuilder sb, AtModifier at, long offsetMillis, @Nullable DurationExpr offset) {
    switch (at.kind()) {
      case TIMESTAMP -> sb.append(" @ ").append(BigDecimal.valueOf(at.timestampMillis(), 3).toPlainString());
      case START -> sb.append(" @ start()");
      case END -> sb.append(" @ end()");
      case NONE -> {
        // no @
      }
    }
    if (offset != null) {
      sb.append(" offset ");
      appendDuration(sb, offset);
    } else if (offsetMillis > 0) {
      sb.append(" offset ").append(PromDuration.format(offsetMillis));
    } else if (offsetMillis < 0) {
      sb.append(" offset -").append(PromDuration.format(-offsetMillis));
    }
  }

  private static void appendDuration(StringBuilder sb, Expr e) {
    if (!(e instanceof DurationExpr d)) {
      append(sb, e);
      return;
    }
    if (d.wrapped()) {
      sb.append('(');
    }
    switch (d.op()) {
      case STEP -> sb.append("step()");
      case RANGE -> sb.append("range()");
      case MIN_OF, MAX_OF -> {
        sb.append(d.op().text()).append('(');
        appendDuration(sb, d.lhs().orElseThrow());
        sb.append(", ");
        appendDuration(sb, d.rhs().orElseThrow());
        sb.append(')');
      }
      default -> {
        if (d.lhs().isPresent()) {
          appendDuration(sb, d.lhs().get());
          sb.append(' ').append(d.op().text()).append(' ');
        } else {
          sb.append(d.op().text());
        }
        appendDuration(sb, d.rhs().orElseThrow());
      }
    }
    if (d.wrapped()) {
      sb.append(')');
    }
  }

  private static void appendLabels(StringBuilder sb, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      appendLabelName(sb, labels.get(i));
    }
  }

  /** Legacy label names as they are, others (Prometheus 3 UTF-8 names) quoted. */
  private static void appendLabelName(StringBuilder sb, String name) {
    if (Labels.isValidLabelName(name)) {
      sb.append(name);
    } else {
      GoStrings.appendQuoted(sb, name);
    }
  }
}

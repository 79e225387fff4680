package io.watchkeeper.query.parser;

/** Aggregation operators. Those with {@link #takesParameter()} have a first argument. */
public enum AggregateOp {
  SUM,
  AVG,
  COUNT,
  MIN,
  MAX,
  GROUP,
  STDDEV,
  STDVAR,
  TOPK,
  BOTTOMK,
  COUNT_VALUES,
  QUANTILE,
  LIMITK,
  LIMIT_RATIO;

  /** Whether the operator takes a parameter before the vector ({@code topk(5, x)}). */
  public boolean takesParameter() {
    return switch (this) {
      case TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO -> true;
      default -> false;
    };
  }

  /** The operator's keyword, e.g. {@code count_values}. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

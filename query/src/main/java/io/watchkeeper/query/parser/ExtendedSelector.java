package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;

/**
 * A selector with Prometheus' extended-range modifier ({@code foo[5m] anchored}, {@code foo[5m]
 * smoothed}, {@code foo smoothed}). {@code expr} is a {@link VectorSelector} or {@link
 * MatrixSelector}, possibly inside a {@link DurationParamsExpr}.
 */
public record ExtendedSelector(Expr expr, Mode mode, PositionRange position) implements Expr {
  /** The modifier. */
  public enum Mode {
    /** {@code anchored}: the range is closed at its start, samples are taken at its boundaries. */
    ANCHORED("anchored"),
    /** {@code smoothed}: values at the range's boundaries are interpolated. */
    SMOOTHED("smoothed");

    private final String keyword;

    Mode(String keyword) {
      this.keyword = keyword;
    }

    /** The modifier as written. */
    public String keyword() {
      return keyword;
    }
  }

  @Override
  public ValueType type() {
    return expr.type();
  }
}

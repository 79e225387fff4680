package io.watchkeeper.query.parser;

import io.watchkeeper.model.Matcher;
import io.watchkeeper.query.ValueType;
import java.util.List;

/**
 * An instant-vector selector {@code name{matchers} offset d @ t}. {@code matchers} includes the
 * {@code __name__} matcher when a name was written; {@code name} is that name or empty.
 * {@code offsetMillis} is negative for a negative offset.
 */
public record VectorSelector(
    String name, List<Matcher> matchers, long offsetMillis, AtModifier at, PositionRange position)
    implements Expr {
  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }
}

package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.List;

/**
 * A PromQL function's signature, as the parser type-checks calls (Prometheus {@code
 * parser.Function}). {@code variadic}: 0 = exactly the listed arguments; n &gt; 0 = up to n more
 * of the last type may follow or the last may be left out; -1 = any number of the last type.
 */
public record Function(
    String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {
  public Function {
    argTypes = List.copyOf(argTypes);
  }
}

package io.watchkeeper.query.parser;

import io.watchkeeper.query.ValueType;
import java.util.List;

/** A function call; the arguments have been type-checked against {@code function}. */
public record Call(Function function, List<Expr> args, PositionRange position) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }
}

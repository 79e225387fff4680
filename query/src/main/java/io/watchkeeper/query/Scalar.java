package io.watchkeeper.query;

/** A single float at a time (epoch ms). */
public record Scalar(long timestamp, double value) implements QueryValue {
  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}

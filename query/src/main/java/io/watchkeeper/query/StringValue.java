package io.watchkeeper.query;

/** A string literal's value at a time (epoch ms). */
public record StringValue(long timestamp, String value) implements QueryValue {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }
}

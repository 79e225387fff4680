package io.watchkeeper.query;

import io.watchkeeper.model.Sample;
import java.util.List;

/** An instant vector: one sample per series, all at the evaluation time. */
public record Vector(List<Sample> samples) implements QueryValue {
  public Vector {
    samples = List.copyOf(samples);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }
}

package io.watchkeeper.query;

/** The result of evaluating a PromQL expression: one of four types. */
public sealed interface QueryValue permits Scalar, StringValue, Vector, Matrix {
  ValueType type();
}

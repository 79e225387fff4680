package io.watchkeeper.query;

/** PromQL value types, named as the HTTP API's {@code resultType} names them. */
public enum ValueType {
  SCALAR("scalar"),
  VECTOR("vector"),
  MATRIX("matrix"),
  STRING("string");

  private final String apiName;

  ValueType(String apiName) {
    this.apiName = apiName;
  }

  /** {@code scalar}, {@code vector}, {@code matrix} or {@code string}. */
  public String apiName() {
    return apiName;
  }
}

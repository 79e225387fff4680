package io.watchkeeper.model;

/** The four label matcher operators of PromQL selectors. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String operator;

  MatchType(String operator) {
    this.operator = operator;
  }

  /** The operator as written in PromQL, e.g. {@code =~}. */
  public String operator() {
    return operator;
  }
}

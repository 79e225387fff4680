package io.watchkeeper.query.parser;

/** Kinds of PromQL tokens, as Prometheus' lexer names them ({@code promql/parser/lex.go}). */
enum TokenType {
  EOF,
  /** A lexical error; the token's text is the message. */
  ERROR,
  IDENTIFIER,
  METRIC_IDENTIFIER,
  NUMBER,
  DURATION,
  STRING,
  LEFT_PAREN,
  RIGHT_PAREN,
  LEFT_BRACE,
  RIGHT_BRACE,
  LEFT_BRACKET,
  RIGHT_BRACKET,
  COMMA,
  COLON,
  EQL,
  EQL_REGEX,
  NEQ_REGEX,
  // Operators.
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  EQLC,
  NEQ,
  LSS,
  LTE,
  GTR,
  GTE,
  AT,
  TRIM_UPPER,
  TRIM_LOWER,
  LAND,
  LOR,
  LUNLESS,
  ATAN2,
  // Aggregators: the token's text names the operator.
  AGGREGATOR,
  // Keywords.
  BY,
  WITHOUT,
  ON,
  IGNORING,
  GROUP_LEFT,
  GROUP_RIGHT,
  BOOL,
  OFFSET,
  ANCHORED,
  SMOOTHED,
  // Preprocessors.
  START,
  END,
  STEP,
  RANGE;

  /** Binary and comparison operators, shown as {@code <op:+>} in errors. */
  boolean isOperator() {
    return ordinal() >= ADD.ordinal() && ordinal() <= ATAN2.ordinal();
  }

  boolean isKeyword() {
    return ordinal() >= BY.ordinal();
  }
}

package io.watchkeeper.query.parser;

/** Binary operators, with PromQL's precedence (higher binds tighter). */
public enum BinaryOp {
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  ATAN2("atan2", 5),
  POW("^", 6),
  EQL("==", 3),
  NEQ("!=", 3),
  GTR(">", 3),
  LSS("<", 3),
  GTE(">=", 3),
  LTE("<=", 3),
  AND("and", 2),
  UNLESS("unless", 2),
  OR("or", 1),
  /** {@code </}: removes a native histogram's observations above the right-hand value. */
  TRIM_UPPER("</", 5),
  /** {@code >/}: removes a native histogram's observations below the right-hand value. */
  TRIM_LOWER(">/", 5);

  private final String text;
  private final int precedence;

  BinaryOp(String text, int precedence) {
    this.text = text;
    this.precedence = precedence;
  }

  public String text() {
    return text;
  }

  public int precedence() {
    return precedence;
  }

  /** {@code ^} is the only right-associative operator. */
  public boolean isRightAssociative() {
    return this == POW;
  }

  public boolean isComparison() {
    return precedence == 3;
  }

  /** {@code and}, {@code or}, {@code unless}. */
  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }
}

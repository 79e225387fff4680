package io.watchkeeper.query.parser;

/**
 * One lexed token: its kind, its text as written (for {@link TokenType#ERROR} the message) and its
 * character range in the input, start inclusive, end exclusive.
 */
record Token(TokenType type, String text, int start, int end) {
  PositionRange range() {
    return new PositionRange(start, end);
  }

  /**
   * How Prometheus names the token in "unexpected ..." errors ({@code Item.desc()}): {@code "("},
   * {@code <op:+>}, {@code <by>}, {@code <aggr:sum>}, {@code identifier "foo"}, {@code end of input}.
   */
  String describe() {
    return switch (type) {
      case EOF -> "end of input";
      case ERROR -> text;
      case LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, EQL, COLON ->
          GoStrings.quote(text);
      case EQL_REGEX, NEQ_REGEX -> GoStrings.quote(text);
      case IDENTIFIER -> "identifier " + GoStrings.quote(text);
      case METRIC_IDENTIFIER -> "metric identifier " + GoStrings.quote(text);
      case NUMBER -> "number " + shortQuote();
      case DURATION -> "duration " + shortQuote();
      case STRING -> "string " + shortQuote();
      case AGGREGATOR -> "<aggr:" + text + ">";
      default -> type.isOperator() ? "<op:" + text + ">" : "<" + text + ">";
    };
  }

  /** Go's {@code %.10q...} for long values, {@code %q} for short ones. */
  private String shortQuote() {
    if (text.codePointCount(0, text.length()) > 10) {
      return GoStrings.quote(text.substring(0, text.offsetByCodePoints(0, 10))) + "...";
    }
    return GoStrings.quote(text);
  }
}

package io.watchkeeper.rules.template;

/**
 * One lexical item of a template (Go {@code text/template/parse.item}).
 *
 * @param kind what it is
 * @param text its text as written (for errors: the message)
 * @param offset 0-based character offset in the template
 * @param line 1-based line
 * @param column 1-based column
 */
record TemplateToken(Kind kind, String text, int offset, int line, int column) {
  /** Token kinds. */
  enum Kind {
    TEXT,
    LEFT_DELIM,
    RIGHT_DELIM,
    SPACE,
    IDENTIFIER,
    KEYWORD,
    FIELD,
    VARIABLE,
    DOT,
    STRING,
    RAW_STRING,
    CHAR,
    NUMBER,
    BOOL,
    NIL,
    PIPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    DECLARE,
    ASSIGN,
    EOF,
    ERROR
  }

  /** How Go prints an item in "unexpected X in Y" messages. */
  String describe() {
    return switch (kind) {
      case EOF -> "EOF";
      case ERROR -> text;
      case KEYWORD -> "<" + text + ">";
      default -> {
        StringBuilder sb = new StringBuilder();
        GoFormat.quote(sb, text, false);
        yield sb.toString();
      }
    };
  }
}

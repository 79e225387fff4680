package io.watchkeeper.query.parser;

import io.watchkeeper.query.ParseException;

/**
 * Unwinds the recursive-descent parser at the first error; turned into a {@link ParseException}
 * at the public entry points. No stack trace: it is control flow, not a bug.
 */
final class ParseFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  ParseFailure(int offset, String message) {
    super(message, null, false, false);
    this.offset = offset;
  }

  /** The exception for a failure in {@code input}: 1-based line and column, 0-based offset. */
  ParseException toParseException(String input) {
    int pos = Math.max(0, Math.min(offset, input.length()));
    int line = 1;
    int lastLineBreak = -1;
    for (int i = 0; i < pos; i++) {
      if (input.charAt(i) == '\n') {
        line++;
        lastLineBreak = i;
      }
    }
    return new ParseException(line, pos - lastLineBreak, pos, getMessage());
  }
}

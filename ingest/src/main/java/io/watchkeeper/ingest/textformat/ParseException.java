package io.watchkeeper.ingest.textformat;

/**
 * Malformed exposition text, with the 1-based line and column (in characters) where the problem
 * was found. The message reads {@code line 3, column 12: invalid value "blubb"}.
 */
public final class ParseException extends Exception {
  private final int line;
  private final int column;
  private final String reason;

  public ParseException(int line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason, null, false, false);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** 1-based line number. */
  public int line() {
    return line;
  }

  /** 1-based column, counted in characters (code points) of the line. */
  public int column() {
    return column;
  }

  /** The message without the position. */
  public String reason() {
    return reason;
  }
}

package io.watchkeeper.query;

/**
 * A PromQL expression that does not parse or type-check. The message reads as Prometheus'
 * ({@code 1:5: parse error: unexpected ...}): line and column are 1-based, the offset 0-based in
 * characters of the whole input.
 */
public final class ParseException extends QueryException {
  private final int line;
  private final int column;
  private final int offset;
  private final String detail;

  public ParseException(int line, int column, int offset, String detail) {
    super(line + ":" + column + ": parse error: " + detail);
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.detail = detail;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public int offset() {
    return offset;
  }

  /** The message without the position prefix. */
  public String detail() {
    return detail;
  }

  @Override
  public ErrorType errorType() {
    return ErrorType.BAD_DATA;
  }
}

package io.watchkeeper.rules.template;

/**
 * A template that does not parse, or that fails while executing. The message reads as Go's
 * {@code text/template} errors: {@code template: NAME:LINE:COL: MESSAGE} for parse errors and
 * {@code template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE} for execution errors, with
 * 1-based line and column in the template text.
 */
public final class TemplateException extends Exception {
  private final int line;
  private final int column;

  public TemplateException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public TemplateException(String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
  }

  /** 1-based line of the problem in the template text. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem in the template text. */
  public int column() {
    return column;
  }
}

package io.watchkeeper.ingest.receive;

/**
 * An import body that cannot be imported: malformed exposition text, a sample without a timestamp,
 * or a body over the size limit. Carries the 1-based line and column where there is one (0 when
 * not). Nothing was stored when this is thrown.
 */
public final class ImportException extends Exception {
  private final int line;
  private final int column;

  public ImportException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  public ImportException(String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.line = line;
    this.column = column;
  }

  /** 1-based line of the problem, 0 if it concerns the whole body. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, 0 if unknown. */
  public int column() {
    return column;
  }
}

package io.watchkeeper.ingest.receive;

import org.jspecify.annotations.Nullable;

/**
 * An import that did not complete, and why ({@link #kind()}). For {@link Kind#INVALID} and {@link
 * Kind#TOO_LARGE} nothing was stored, and {@link #line()} and {@link #column()} say where an
 * invalid body went wrong; for {@link Kind#FAILED} the body was valid but the server failed while
 * storing it, and the {@link #samplesImported()} samples committed before stay stored.
 */
public final class ImportException extends Exception {
  /** Why an import did not complete. */
  public enum Kind {
    /** Malformed text, a sample without a timestamp, or a line over the limit: nothing stored. */
    INVALID,
    /** The body is over the size limit: nothing stored. */
    TOO_LARGE,
    /** The storage, or the file the body is spooled to, failed: what was committed before stays. */
    FAILED
  }

  private final Kind kind;
  private final int line;
  private final int column;
  private final long samplesImported;

  private ImportException(Kind kind, String message, int line, int column, long samplesImported, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.samplesImported = samplesImported;
  }

  /** A body that is not importable, at 1-based {@code line} and {@code column} (0 if unknown). */
  public static ImportException invalid(String message, int line, int column, @Nullable Throwable cause) {
    return new ImportException(Kind.INVALID, message, line, column, 0, cause);
  }

  /** A body over the size limit. */
  public static ImportException tooLarge(String message) {
    return new ImportException(Kind.TOO_LARGE, message, 0, 0, 0, null);
  }

  /** A failure of the server after {@code samplesImported} samples were committed. */
  public static ImportException failed(String message, long samplesImported, Throwable cause) {
    return new ImportException(Kind.FAILED, message, 0, 0, samplesImported, cause);
  }

  /** Why the import did not complete. */
  public Kind kind() {
    return kind;
  }

  /** 1-based line of the problem, 0 if it concerns the whole body. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, 0 if unknown. */
  public int column() {
    return column;
  }

  /** Samples committed, and kept, before the failure; 0 unless {@link Kind#FAILED}. */
  public long samplesImported() {
    return samplesImported;
  }
}

package io.watchkeeper.web.api;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an import did.
 *
 * @param samplesImported samples stored; for an import that failed, those stored before the
 *     failure (they stay)
 * @param samplesRejected samples the storage refused (out of order, out of bounds, duplicate)
 * @param failure why the import did not complete, if it did not
 */
public record ImportSummary(long samplesImported, long samplesRejected, Optional<Failure> failure) {
  /** Why an import did not complete, and so how the API answers. */
  public enum Kind {
    /** The body is malformed (400 {@code bad_data}): nothing was stored. */
    INVALID,
    /** The body is over the size limit (413 {@code bad_data}): nothing was stored. */
    TOO_LARGE,
    /** The server failed while storing (500 {@code internal}): what was stored before stays. */
    FAILED
  }

  /**
   * Why an import did not complete.
   *
   * @param message what went wrong, with the line and column for an invalid body
   * @param cause the failure behind a {@link Kind#FAILED} import, for the log
   */
  public record Failure(Kind kind, String message, @Nullable Throwable cause) {
    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }

  public ImportSummary {
    Objects.requireNonNull(failure, "failure");
  }

  /** An import that completed. */
  public static ImportSummary completed(long samplesImported, long samplesRejected) {
    return new ImportSummary(samplesImported, samplesRejected, Optional.empty());
  }

  /** An import that did not complete, after {@code samplesImported} samples were stored. */
  public static ImportSummary failed(long samplesImported, Kind kind, String message, @Nullable Throwable cause) {
    return new ImportSummary(samplesImported, 0, Optional.of(new Failure(kind, message, cause)));
  }
}

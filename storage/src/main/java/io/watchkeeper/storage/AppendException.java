package io.watchkeeper.storage;

/**
 * A sample the storage refused. Expected in normal operation (a target exposing the same series
 * twice, a clock going backwards), so it carries no stack trace; callers count these and log one
 * summary per batch, never one line per sample.
 */
public final class AppendException extends Exception {
  /** Why a sample was refused. */
  public enum Reason {
    /** Older than the newest sample of its series and outside the out-of-order window. */
    OUT_OF_ORDER("out of order sample"),
    /** Older than what the head still accepts (already persisted or deleted by retention). */
    OUT_OF_BOUNDS("out of bounds"),
    /** Same timestamp as the newest sample of its series but a different value. */
    DUPLICATE_SAMPLE("duplicate sample for timestamp"),
    /** The series reference is unknown: append again with labels and ref 0. */
    UNKNOWN_REF("unknown series reference"),
    /** Labels empty, unsorted, with a duplicate or invalid name, or without a metric name. */
    INVALID_LABELS("invalid labels"),
    /** A configured limit (series or samples) was reached. */
    LIMIT_EXCEEDED("limit exceeded"),
    /** A kind of sample this storage does not hold (native histograms in the TSDB). */
    UNSUPPORTED("unsupported sample");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    /** Short text as Prometheus words it, for error messages. */
    public String text() {
      return text;
    }
  }

  private final Reason reason;

  public AppendException(Reason reason, String detail) {
    super(detail.isEmpty() ? reason.text() : reason.text() + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

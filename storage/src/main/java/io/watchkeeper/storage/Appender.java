package io.watchkeeper.storage;

import io.watchkeeper.model.FloatHistogram;
import io.watchkeeper.model.Labels;
import org.jspecify.annotations.Nullable;

/**
 * One batch of appended samples, made visible to queries and durable (written to the WAL) together
 * by {@link #commit()}. Not thread-safe; used by one thread and never reused after commit or
 * rollback.
 *
 * <p>Series references: {@link #append} returns a reference for the series, valid for the life
 * of the storage's in-memory head. Callers may cache it (the scrape cache does) and pass it with
 * {@code labels == null} on later appends; if the storage no longer knows the reference it throws
 * {@link AppendException} with reason {@link AppendException.Reason#UNKNOWN_REF} and the caller
 * appends again with labels and {@code ref = 0}.
 *
 * <p>Rejections (out of order, out of bounds, duplicate) are part of the contract: they throw
 * {@link AppendException} without a stack trace and leave the batch usable for further samples.
 */
public interface Appender {
  /**
   * Adds a sample.
   *
   * @param ref a reference from an earlier append, or 0 to look the series up by labels
   * @param labels the series labels, sorted and valid; may be null only when {@code ref != 0}
   * @param t timestamp, epoch milliseconds
   * @param v value; {@link io.watchkeeper.model.StaleMarker#STALE_NAN} marks the series stale
   * @return the series reference (non-zero)
   * @throws AppendException if the sample is rejected; the batch stays usable
   */
  long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException;

  /**
   * Adds a native histogram sample, with the same series references and rejections as {@link
   * #append}. A series holds floats and histograms in any mix, in time order; a float {@link
   * io.watchkeeper.model.StaleMarker#STALE_NAN} (or a histogram whose sum is it) ends a histogram
   * series like a float one. The storage may replace the histogram's counter-reset hint with what
   * it knows from the previous sample, as the TSDB's histogram chunks do. Storages that do not
   * hold histograms (the default) reject every one with {@link AppendException.Reason#UNSUPPORTED}.
   *
   * @return the series reference (non-zero)
   * @throws AppendException if the sample is rejected; the batch stays usable
   */
  default long appendHistogram(long ref, @Nullable Labels labels, long t, FloatHistogram h) throws AppendException {
    throw new AppendException(AppendException.Reason.UNSUPPORTED, "native histograms are not stored by this storage");
  }

  /** Makes every sample of the batch durable and visible. The appender is done afterwards. */
  void commit();

  /** Discards the batch. The appender is done afterwards. */
  void rollback();
}

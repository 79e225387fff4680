package io.watchkeeper.storage;

import io.watchkeeper.model.Matcher;
import java.util.List;

/**
 * Reads series, label names and label values over the time range it was opened for. Used by one
 * thread at a time; closed by its caller. Series, iterators and strings it returns are valid until
 * {@link #close()}.
 */
public interface Querier extends AutoCloseable {
  /**
   * The series matching all matchers (at least one matcher must not match the empty string).
   *
   * @param sorted whether series must come in {@link io.watchkeeper.model.Labels} order
   * @param hints what the caller will do with them; implementations may use it to read less
   */
  SeriesSet select(boolean sorted, SelectHints hints, List<Matcher> matchers);

  /** Sorted, distinct values of label {@code name} among series matching the matchers (all if none). */
  List<String> labelValues(String name, List<Matcher> matchers);

  /** Sorted, distinct label names among series matching the matchers (all if none). */
  List<String> labelNames(List<Matcher> matchers);

  @Override
  void close();
}

package io.watchkeeper.ingest.receive;

import io.watchkeeper.ingest.textformat.ParseException;
import io.watchkeeper.ingest.textformat.Parser;
import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The appends of an import's second pass: samples go to the storage by series reference (by labels
 * the first time, or when the storage forgot the series), in batches committed every {@code
 * batchSize} samples; refusals are counted by reason, the first few with their lines. Holds one
 * reference per distinct series and one uncommitted batch. Not thread-safe.
 */
final class ImportBatches {
  private static final int MAX_DETAILS = 10;

  private final Appendable storage;
  private final int batchSize;
  /** Storage references by the series' dense index (0: not appended yet). */
  private final long[] refs;
  private final Labels.Builder labels = Labels.builder();
  private final Map<AppendException.Reason, Long> rejected = new EnumMap<>(AppendException.Reason.class);
  private final List<String> details = new ArrayList<>();
  private Appender app;
  /** Whether {@link #app} is neither committed nor rolled back. */
  private boolean open;
  private int inBatch;
  private long imported;
  private long committed;

  ImportBatches(Appendable storage, int batchSize, int series) {
    this.storage = storage;
    this.batchSize = batchSize;
    this.refs = new long[series];
    this.app = storage.appender();
    this.open = true;
  }

  /**
   * Appends the parser's current sample, of the series with dense index {@code series}; commits
   * the batch when it is full.
   *
   * @throws ParseException if the labels cannot be decoded (they were validated: a bug)
   * @throws io.watchkeeper.storage.StorageException if the storage fails
   */
  void add(int series, Parser p) throws ParseException {
    try {
      refs[series] = append(refs[series], p);
      imported++;
    } catch (AppendException e) {
      rejected.merge(e.reason(), 1L, Long::sum);
      if (details.size() < MAX_DETAILS) {
        details.add("line " + p.line() + ": " + e.getMessage());
      }
      return;
    }
    if (++inBatch >= batchSize) {
      commit();
      app = storage.appender();
      open = true;
      inBatch = 0;
    }
  }

  private long append(long ref, Parser p) throws AppendException, ParseException {
    if (ref != 0) {
      try {
        return app.append(ref, null, p.timestamp(), p.value());
      } catch (AppendException e) {
        if (e.reason() != AppendException.Reason.UNKNOWN_REF) {
          throw e;
        }
        // the storage dropped the series (its head was persisted, say): by labels again
      }
    }
    p.labels(labels);
    return app.append(0, labels.build(), p.timestamp(), p.value());
  }

  /** Commits the last batch. */
  void finish() {
    commit();
  }

  private void commit() {
    open = false; // a commit that fails is done as well
    app.commit();
    committed = imported;
  }

  /** Discards the uncommitted batch, if there is one (after a failure). */
  void abandon() {
    if (open) {
      open = false;
      app.rollback();
    }
  }

  /** Samples committed so far. */
  long committed() {
    return committed;
  }

  /** Samples accepted (committed once {@link #finish()} returned). */
  long imported() {
    return imported;
  }

  Map<AppendException.Reason, Long> rejected() {
    return rejected;
  }

  List<String> rejectionDetails() {
    return details;
  }
}

package io.watchkeeper.ingest.receive;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import io.watchkeeper.storage.StorageException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Appendable} that stores nothing and counts: samples committed, the most samples one
 * appender held before its commit, commits, appends by labels. It can fail a given commit with a
 * {@link StorageException}, forget every series reference at each commit (as a head truncation
 * does), and run a hook at each commit. Single-threaded, as the importer uses it.
 */
final class RecordingStorage implements Appendable {
  long committed;
  int mostPending;
  int commits;
  long appendsByLabels;
  /** The commit (1-based) that fails, 0 for none. */
  int failingCommit;
  boolean forgetRefsOnCommit;
  Runnable onCommit = () -> { };

  private final Map<Labels, Long> refs = new HashMap<>();
  private final Map<Long, Labels> byRef = new HashMap<>();
  private long nextRef = 1;

  @Override
  public Appender appender() {
    return new Appender() {
      private int pending;
      private boolean done;

      @Override
      public long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException {
        if (done) {
          throw new IllegalStateException("BUG: appender used after commit or rollback");
        }
        long r = ref;
        if (r == 0 || !byRef.containsKey(r)) {
          if (labels == null) {
            throw new AppendException(AppendException.Reason.UNKNOWN_REF, Long.toString(ref));
          }
          appendsByLabels++;
          r = refs.computeIfAbsent(labels, l -> nextRef++);
          byRef.put(r, labels);
        }
        pending++;
        mostPending = Math.max(mostPending, pending);
        return r;
      }

      @Override
      public void commit() {
        if (done) {
          throw new IllegalStateException("BUG: committed twice");
        }
        done = true;
        commits++;
        if (commits == failingCommit) {
          throw new StorageException("cannot write WAL segment 00000042: No space left on device");
        }
        committed += pending;
        if (forgetRefsOnCommit) {
          refs.clear();
          byRef.clear();
        }
        onCommit.run();
      }

      @Override
      public void rollback() {
        if (done) {
          throw new IllegalStateException("BUG: rolled back after commit");
        }
        done = true;
      }
    };
  }
}

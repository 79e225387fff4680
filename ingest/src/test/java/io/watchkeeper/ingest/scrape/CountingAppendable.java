package io.watchkeeper.ingest.scrape;

import io.watchkeeper.model.Labels;
import io.watchkeeper.storage.AppendException;
import io.watchkeeper.storage.Appendable;
import io.watchkeeper.storage.Appender;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Wraps an Appendable and counts appends by reference (no labels) and by labels, commits and
 * rollbacks; can also forget every reference once, as a storage whose head dropped its series.
 */
final class CountingAppendable implements Appendable {
  final AtomicInteger byRef = new AtomicInteger();
  final AtomicInteger byLabels = new AtomicInteger();
  final AtomicInteger commits = new AtomicInteger();
  final AtomicInteger rollbacks = new AtomicInteger();
  private final Appendable delegate;
  volatile boolean forgetRefs;
  /** Run by every commit before it reaches the storage (e.g. to hold a scrape mid-commit). */
  volatile Runnable beforeCommit = () -> {};

  CountingAppendable(Appendable delegate) {
    this.delegate = delegate;
  }

  void reset() {
    byRef.set(0);
    byLabels.set(0);
    commits.set(0);
    rollbacks.set(0);
  }

  @Override
  public Appender appender() {
    Appender d = delegate.appender();
    return new Appender() {
      @Override
      public long append(long ref, @Nullable Labels labels, long t, double v) throws AppendException {
        (labels == null ? byRef : byLabels).incrementAndGet();
        if (forgetRefs && labels == null) {
          throw new AppendException(AppendException.Reason.UNKNOWN_REF, Long.toString(ref));
        }
        return d.append(labels == null ? ref : (forgetRefs ? 0 : ref), labels, t, v);
      }

      @Override
      public void commit() {
        commits.incrementAndGet();
        beforeCommit.run();
        d.commit();
      }

      @Override
      public void rollback() {
        rollbacks.incrementAndGet();
        d.rollback();
      }
    };
  }
}

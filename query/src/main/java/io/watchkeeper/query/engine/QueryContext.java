package io.watchkeeper.query.engine;

import io.watchkeeper.query.QueryCanceledException;
import io.watchkeeper.query.QueryStorageException;
import io.watchkeeper.query.QueryTimeoutException;
import io.watchkeeper.query.TooManySamplesException;
import io.watchkeeper.storage.Querier;
import io.watchkeeper.storage.Queryable;
import io.watchkeeper.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The state of one running query shared by all its evaluators: storage, limits, the clock, the
 * samples it holds and its annotations. Limits are checked cooperatively in every loop over
 * series, so a heavy query stops itself long before it could exhaust the heap. Thread-safe.
 */
final class QueryContext {
  /** Series per parallel chunk: below this, handing work to another thread costs more than it saves. */
  private static final int MIN_SERIES_PER_TASK = 256;

  final QueryEngineOptions options;
  final Annotations annotations;
  /** Start and end of the whole query, for {@code @ start()} and {@code @ end()}. */
  final long queryStart;
  final long queryEnd;
  /** Step of the whole query in ms, 0 for an instant query ({@code step()}). */
  final long queryStep;

  private final Queryable storage;
  private final long deadlineNanos;
  private final @Nullable ForkJoinPool pool;
  private final AtomicLong samplesHeld = new AtomicLong();
  private final ReentrantLock queriersLock = new ReentrantLock();
  private final List<Querier> queriers = new ArrayList<>();
  private volatile boolean canceled;

  QueryContext(
      Queryable storage,
      QueryEngineOptions options,
      String query,
      long queryStart,
      long queryEnd,
      long queryStep,
      long deadlineNanos,
      @Nullable ForkJoinPool pool) {
    this.storage = storage;
    this.options = options;
    this.annotations = new Annotations(query);
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.queryStep = queryStep;
    this.pool = pool;
    this.deadlineNanos = deadlineNanos;
  }

  long lookbackMillis() {
    return options.lookbackDelta().toMillis();
  }

  /**
   * How far below {@code t - range} a window's exclusive lower bound lies: 0 for Prometheus 3's
   * left-open windows, 1 ms for Prometheus 2's closed ones.
   */
  long windowStartShift() {
    return options.dialect() == QueryEngineOptions.Dialect.PROMETHEUS_2 ? 1 : 0;
  }

  boolean isPrometheus2() {
    return options.dialect() == QueryEngineOptions.Dialect.PROMETHEUS_2;
  }

  /** Fails the query if it ran out of time or was canceled. Cheap: call it in every series loop. */
  void checkDeadline() {
    if (canceled || Thread.currentThread().isInterrupted()) {
      throw new QueryFailure(new QueryCanceledException("query was canceled in query execution"));
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryFailure(new QueryTimeoutException("query timed out in query execution"));
    }
  }

  void cancel() {
    canceled = true;
  }

  /** Counts {@code n} more samples held in memory; fails the query past the limit. */
  void acquire(long n) {
    if (samplesHeld.addAndGet(n) > options.maxSamples()) {
      throw new QueryFailure(
          new TooManySamplesException("query processing would load too many samples into memory in query execution"));
    }
  }

  /** Counts {@code n} samples as released. */
  void release(long n) {
    samplesHeld.addAndGet(-n);
  }

  /** Samples held now; with {@link #resetHeld} lets a node release its children's samples. */
  long held() {
    return samplesHeld.get();
  }

  void resetHeld(long n) {
    samplesHeld.set(n);
  }

  /** Fails the query when one selection or result has more series than allowed. */
  void checkSeriesCount(int n) {
    if (n > options.maxSeries()) {
      throw new QueryFailure(
          new TooManySamplesException(
              "query would select too many series in query execution: " + n + " > limit " + options.maxSeries()));
    }
  }

  /** A querier over {@code [minT, maxT]}, closed with the query. */
  Querier querier(long minT, long maxT) {
    try {
      Querier q = storage.querier(minT, maxT);
      queriersLock.lock();
      try {
        queriers.add(q);
      } finally {
        queriersLock.unlock();
      }
      return q;
    } catch (StorageException e) {
      throw new QueryFailure(new QueryStorageException("cannot open querier: " + e.getMessage(), e));
    }
  }

  /** Closes every querier the query opened. */
  void close() {
    queriersLock.lock();
    try {
      for (Querier q : queriers) {
        q.close();
      }
      queriers.clear();
    } finally {
      queriersLock.unlock();
    }
  }

  /** Work over a range of indices {@code [from, to)}. */
  interface RangeTask {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over {@code [0, n)}, split into chunks when {@code n} is large enough to pay
   * for it. The calling thread claims chunks itself and the pool's threads help as they become
   * free: a query never waits for a busy pool (another heavy query), it just gets less help.
   * Chunks must write to disjoint places.
   */
  void parallelFor(int n, RangeTask task) {
    int parallelism = pool == null ? 1 : options.parallelism();
    int chunks = Math.min(parallelism * 4, n / MIN_SERIES_PER_TASK);
    if (chunks <= 1 || pool == null) {
      task.run(0, n);
      return;
    }
    ChunkedRun run = new ChunkedRun(n, chunks, task);
    for (int i = 1; i < parallelism; i++) {
      pool.execute(run::work);
    }
    run.work();
    run.await();
  }

  /** Chunks claimed by whichever thread comes first; the caller waits only for chunks in progress. */
  private final class ChunkedRun {
    private final int n;
    private final int chunks;
    private final int size;
    private final RangeTask task;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    ChunkedRun(int n, int chunks, RangeTask task) {
      this.n = n;
      this.chunks = chunks;
      this.size = (n + chunks - 1) / chunks;
      this.task = task;
      this.done = new CountDownLatch(chunks);
    }

    void work() {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            task.run(c * size, Math.min(n, (c + 1) * size));
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          cancel();
        } finally {
          done.countDown();
        }
      }
    }

    void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new QueryFailure(new QueryCanceledException("query was canceled in query execution", e));
      }
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
    }
  }
}

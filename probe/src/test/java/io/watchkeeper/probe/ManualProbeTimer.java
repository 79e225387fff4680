package io.watchkeeper.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ProbeTimer} for tests: time stands still until {@link #advance} moves it, running every
 * task that falls due, in time order, on the calling thread (tasks scheduled by tasks included).
 * Thread-safe.
 */
public final class ManualProbeTimer implements ProbeTimer {
  private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> {
    int c = a.at().compareTo(b.at());
    return c != 0 ? c : Long.compare(a.seq(), b.seq());
  });
  private final AtomicLong seq = new AtomicLong();
  private volatile Instant now;
  private volatile boolean closed;

  public ManualProbeTimer(Instant start) {
    this.now = start;
  }

  @Override
  public InstantSource clock() {
    return () -> now;
  }

  /** Now. */
  public Instant now() {
    return now;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    boolean[] cancelled = {false};
    lock.lock();
    try {
      if (!closed) {
        queue.add(new Task(at, seq.incrementAndGet(), task, cancelled));
      }
    } finally {
      lock.unlock();
    }
    return () -> {
      lock.lock();
      try {
        cancelled[0] = true;
      } finally {
        lock.unlock();
      }
    };
  }

  /** Moves time forward by {@code d}, running what falls due. */
  public void advance(Duration d) {
    advanceTo(now.plus(d));
  }

  /** Moves time to {@code to}, running what falls due on the way. */
  public void advanceTo(Instant to) {
    while (true) {
      Task t;
      lock.lock();
      try {
        t = queue.peek();
        if (t == null || t.at().isAfter(to) || closed) {
          break;
        }
        queue.poll();
        if (t.cancelled()[0]) {
          continue;
        }
        if (t.at().isAfter(now)) {
          now = t.at();
        }
      } finally {
        lock.unlock();
      }
      t.run().run();
    }
    if (to.isAfter(now)) {
      now = to;
    }
  }

  /** Tasks waiting, cancelled ones excluded. */
  public int pending() {
    lock.lock();
    try {
      return (int) queue.stream().filter(t -> !t.cancelled()[0]).count();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}

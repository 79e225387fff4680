package io.watchkeeper.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler on a manual clock: {@link #advanceTo} moves time forward and runs due tasks in time
 * order on the calling thread, with the clock set to each task's due time, so tests see exactly
 * when evaluations start. Not thread-safe beyond what the tests need.
 */
final class ManualScheduler implements EvaluationScheduler {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Instant> started = new ArrayList<>();
  private Instant now;
  private long seq;
  private boolean closed;

  private static final class Task implements Comparable<Task> {
    final Instant at;
    final long seq;
    final Runnable run;
    boolean cancelled;

    Task(Instant at, long seq, Runnable run) {
      this.at = at;
      this.seq = seq;
      this.run = run;
    }

    @Override
    public int compareTo(Task o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  ManualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public InstantSource clock() {
    return () -> now;
  }

  @Override
  public synchronized Cancellable schedule(Instant at, Runnable task) {
    Task t = new Task(at, seq++, task);
    if (!closed) {
      tasks.add(t);
    }
    return () -> t.cancelled = true;
  }

  /** Runs every task due up to {@code target}, in order, then sets the clock to {@code target}. */
  void advanceTo(Instant target) {
    while (true) {
      Task t;
      synchronized (this) {
        t = tasks.peek();
        if (t == null || t.at.isAfter(target)) {
          break;
        }
        tasks.poll();
      }
      if (t.cancelled) {
        continue;
      }
      if (t.at.isAfter(now)) {
        now = t.at;
      }
      started.add(now);
      t.run.run();
    }
    if (target.isAfter(now)) {
      now = target;
    }
  }

  void advance(Duration d) {
    advanceTo(now.plus(d));
  }

  /** Lets time pass without running anything (an evaluation that takes {@code d}). */
  void elapse(Duration d) {
    now = now.plus(d);
  }

  Instant now() {
    return now;
  }

  /** When each task started, in order. */
  List<Instant> startTimes() {
    return started;
  }

  synchronized int pending() {
    return (int) tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public synchronized void close() {
    closed = true;
    tasks.clear();
  }
}

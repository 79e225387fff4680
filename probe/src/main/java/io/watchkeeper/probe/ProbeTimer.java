package io.watchkeeper.probe;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Runs tasks at given times: how the {@link ProbeScheduler} gets its checks started. The
 * production one is {@link VirtualThreadProbeTimer}; tests use a manual one that runs due tasks
 * when its clock is advanced, so schedules are tested without sleeping.
 *
 * <p>Contract: a task runs once, at or after its time by {@link #clock()}, on any thread; tasks
 * due together may run concurrently. Cancelling before a task starts prevents it. Thread-safe. The
 * owner closes it; closing cancels every task not started.
 */
public interface ProbeTimer extends AutoCloseable {
  /** The clock that decides when tasks are due. */
  InstantSource clock();

  /** Runs {@code task} at {@code at} (right away if that has passed). */
  Cancellable schedule(Instant at, Runnable task);

  @Override
  void close();

  /** A handle on a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Prevents the task if it has not started. */
    void cancel();
  }
}

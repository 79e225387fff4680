package io.watchkeeper.rules;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Runs tasks at given times: how the {@link RuleManager} gets its group evaluations started. The
 * production implementation is {@link PlatformThreadScheduler}; tests use a manual one that runs due
 * tasks when they advance its clock, so schedules are checked without sleeping.
 *
 * <p>Contract: a task runs once, at or after its time by this scheduler's {@link #clock()}, on any
 * thread; tasks due at the same time may run concurrently. {@link Cancellable#cancel()} before the
 * task starts prevents it; after that it has no effect. Thread-safe. The owner closes it.
 */
public interface EvaluationScheduler extends AutoCloseable {
  /** The clock that decides when tasks are due. */
  InstantSource clock();

  /** Runs {@code task} at {@code at} (right away if that is past). */
  Cancellable schedule(Instant at, Runnable task);

  /** Cancels every task not started yet; accepts no more. */
  @Override
  void close();

  /** A handle on a scheduled task. */
  @FunctionalInterface
  interface Cancellable {
    /** Prevents the task if it has not started. */
    void cancel();
  }
}

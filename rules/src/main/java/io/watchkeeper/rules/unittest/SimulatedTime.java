package io.watchkeeper.rules.unittest;

import io.watchkeeper.rules.EvaluationScheduler;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The simulated clock of a rule unit test: the tester sets it to each evaluation time. Rule groups
 * are evaluated directly, never scheduled, so scheduling is a programming error here. Used by one
 * thread.
 */
final class SimulatedTime implements EvaluationScheduler {
  private volatile Instant now;

  SimulatedTime(Instant start) {
    this.now = start;
  }

  void set(Instant t) {
    now = t;
  }

  @Override
  public InstantSource clock() {
    return () -> now;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    throw new IllegalStateException("BUG: rule unit tests evaluate groups directly, nothing is scheduled");
  }

  @Override
  public void close() {}
}

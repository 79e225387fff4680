package io.watchkeeper.web.api;

import io.watchkeeper.rules.EvaluationScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link EvaluationScheduler} whose clock the test sets and moves, and which never runs
 * anything: the test evaluates rule groups itself ({@code RuleGroup.evaluate}), so evaluation
 * times and durations in the API's answers are exact. Not thread-safe beyond what one test needs.
 */
final class ManualClockScheduler implements EvaluationScheduler {
  private volatile Instant now;

  ManualClockScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public InstantSource clock() {
    return () -> now;
  }

  void set(Instant t) {
    now = t;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    return () -> {}; // dropped: the tests never start the manager
  }

  @Override
  public void close() {}
}

package io.watchkeeper.rules;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Runs one rule group on its schedule (Prometheus {@code Group.run}): the first evaluation at the
 * group's next slot after the start, then every interval; when an evaluation overruns, the missed
 * slots are counted and skipped and the next evaluation uses the latest slot that has passed.
 * After a start (not after a reload) the second evaluation is followed by restoring alerts' {@code
 * for} state from storage, as in Prometheus, so recording rules have had a chance to run first.
 *
 * <p>Thread-safety: iterations run on scheduler threads, one at a time; {@code lock} guards the
 * loop state and is held while an iteration runs, so {@link #stop()} waits for it.
 */
final class GroupLoop {
  private final RuleGroup group;
  private final EvaluationScheduler scheduler;
  private final RuleMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private EvaluationScheduler.@Nullable Cancellable next; // guarded by lock
  private boolean stopped; // guarded by lock
  private boolean shouldRestore; // guarded by lock
  private int iterations; // guarded by lock

  GroupLoop(RuleGroup group, EvaluationScheduler scheduler, RuleMetrics metrics, boolean shouldRestore) {
    this.group = group;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.shouldRestore = shouldRestore;
  }

  RuleGroup group() {
    return group;
  }

  /** Schedules the first evaluation at the group's next slot. */
  void start() {
    lock.lock();
    try {
      long now = nanos(scheduler.clock().instant());
      scheduleAt(group.evalTimestampNanos(now) + group.interval().toNanos());
    } finally {
      lock.unlock();
    }
  }

  private void scheduleAt(long slotNanos) {
    next = scheduler.schedule(instant(slotNanos), () -> iterate(slotNanos));
  }

  private void iterate(long slotNanos) {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      String key = group.key();
      long startedNanos = nanos(scheduler.clock().instant());
      metrics.startLag.observe(Math.max(0, startedNanos - slotNanos) / 1e9);
      metrics.iterations.labelValues(key).inc();
      group.evaluate(instant(slotNanos));
      iterations++;
      if (shouldRestore && iterations == 2) {
        Instant now = scheduler.clock().instant();
        group.restoreForState(now.toEpochMilli());
        metrics.lastRestoreDuration.labelValues(key)
            .set(java.time.Duration.between(now, scheduler.clock().instant()).toNanos() / 1e9);
        shouldRestore = false;
      }
      if (stopped) {
        return;
      }
      long interval = group.interval().toNanos();
      long now = nanos(scheduler.clock().instant());
      long following = slotNanos + interval;
      if (now >= following) {
        long passed = (now - slotNanos) / interval; // >= 1
        long missed = passed - 1;
        if (missed > 0) {
          metrics.iterationsMissed.labelValues(key).inc(missed);
          metrics.iterations.labelValues(key).inc(missed);
        }
        following = slotNanos + passed * interval;
      }
      scheduleAt(following);
    } finally {
      lock.unlock();
    }
  }

  /** Stops scheduling and waits for a running evaluation to finish. */
  void stop() {
    group.stop();
    lock.lock();
    try {
      stopped = true;
      if (next != null) {
        next.cancel();
      }
    } finally {
      lock.unlock();
    }
  }

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}

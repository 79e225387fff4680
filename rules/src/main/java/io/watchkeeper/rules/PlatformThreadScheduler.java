package io.watchkeeper.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link EvaluationScheduler}: one platform timer thread waits for the tasks' times
 * and hands each due task to a platform thread of a cached pool (a thread per task running at
 * once, reused while busy groups come and go), so a slow group never delays another's start.
 *
 * <p>Why platform threads: rule groups must start within 100 ms of their schedule. Virtual threads
 * are not time-sliced: a sleeping one wakes only when a carrier is free, and with two cores busy
 * scraping, querying or evaluating other groups, 0.1–0.9% of group starts waited longer than that
 * (benchmarks/RuleScheduleLag). The kernel schedules a woken platform thread within milliseconds
 * however busy the other threads are. The timer re-reads this scheduler's clock when a task fires,
 * so a task never starts early by it. Thread-safe; {@link #close()} cancels tasks not started and
 * lets running ones finish.
 */
public final class PlatformThreadScheduler implements EvaluationScheduler {
  private static final Logger log = LoggerFactory.getLogger(PlatformThreadScheduler.class);

  private final InstantSource clock;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService runners;
  private volatile boolean closed;

  /** A scheduler on the system clock. */
  public PlatformThreadScheduler() {
    this(InstantSource.system());
  }

  public PlatformThreadScheduler(InstantSource clock) {
    this.clock = clock;
    this.timer = new ScheduledThreadPoolExecutor(1, daemons("rule-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.runners = Executors.newCachedThreadPool(daemons("rule-evaluation"));
  }

  private static ThreadFactory daemons(String name) {
    return Thread.ofPlatform().name(name + "-", 0).daemon().factory();
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    if (closed) {
      return () -> {};
    }
    Pending p = new Pending(at, task);
    p.arm();
    return p::cancel;
  }

  /** One task until it starts: its timer entry, re-armed if the timer fired before the clock says. */
  private final class Pending implements Runnable {
    private final Instant at;
    private final Runnable task;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<ScheduledFuture<?>> timerEntry = new AtomicReference<>();

    Pending(Instant at, Runnable task) {
      this.at = at;
      this.task = task;
    }

    void arm() {
      long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
      try {
        timerEntry.set(timer.schedule(this, nanos, TimeUnit.NANOSECONDS));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        started.set(true); // closed meanwhile: never runs
      }
    }

    /** On the timer thread: hand the task over, or wait again if the clock is behind the timer. */
    @Override
    public void run() {
      if (closed || started.get()) {
        return;
      }
      if (clock.instant().isBefore(at)) {
        arm();
        return;
      }
      if (!started.compareAndSet(false, true)) {
        return;
      }
      try {
        runners.execute(this::runTask);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed between the check and the hand-over: the task is dropped, as close() promises
      }
    }

    private void runTask() {
      if (closed) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        log.atError().addKeyValue("component", "rules").setCause(e).log("scheduled task failed");
      }
    }

    void cancel() {
      if (started.compareAndSet(false, true)) {
        ScheduledFuture<?> f = timerEntry.get();
        if (f != null) {
          f.cancel(false);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    runners.shutdown();
  }
}

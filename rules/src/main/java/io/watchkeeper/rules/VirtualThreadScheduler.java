package io.watchkeeper.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules each task on its own virtual thread that sleeps until the task is due: thousands of
 * rule groups cost thousands of parked virtual threads, not platform threads, and a slow group
 * never delays another's start. Sleeping re-reads the clock after waking, so a task never starts
 * early. Thread-safe; {@link #close()} interrupts tasks that have not started.
 */
public final class VirtualThreadScheduler implements EvaluationScheduler {
  private static final Logger log = LoggerFactory.getLogger(VirtualThreadScheduler.class);

  private final InstantSource clock;
  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A task's thread while it waits; {@code started} flips once when the task begins. */
  private record Waiting(Thread thread, AtomicBoolean started) {}

  /** A scheduler on the system clock. */
  public VirtualThreadScheduler() {
    this(InstantSource.system());
  }

  public VirtualThreadScheduler(InstantSource clock) {
    this.clock = clock;
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
    AtomicBoolean started = new AtomicBoolean();
    Thread thread = Thread.ofVirtual().name("rule-evaluation").unstarted(() -> run(at, task, started));
    Waiting w = new Waiting(thread, started);
    waiting.add(w);
    thread.start();
    return () -> {
      if (started.compareAndSet(false, true)) {
        thread.interrupt();
      }
    };
  }

  private void run(Instant at, Runnable task, AtomicBoolean started) {
    try {
      while (true) {
        Duration wait = Duration.between(clock.instant(), at);
        if (wait.isNegative() || wait.isZero()) {
          break;
        }
        Thread.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // cancelled or closed before the task was due
    } finally {
      waiting.removeIf(w -> w.thread() == Thread.currentThread());
    }
    if (!started.compareAndSet(false, true) || closed) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "rules").setCause(e).log("scheduled task failed");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Waiting w : waiting) {
      if (w.started().compareAndSet(false, true)) {
        w.thread().interrupt();
      }
    }
  }
}

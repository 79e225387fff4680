package io.watchkeeper.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each task a virtual thread that sleeps until the task is due: 10,000 monitors cost 10,000
 * parked virtual threads (a few hundred bytes each), never a platform thread each, and a slow
 * check never delays another's start. The clock is re-read after each sleep, so a task never starts
 * early. Thread-safe; {@link #close()} interrupts tasks that have not started.
 */
public final class VirtualThreadProbeTimer implements ProbeTimer {
  private static final Logger log = LoggerFactory.getLogger(VirtualThreadProbeTimer.class);

  private final InstantSource clock;
  private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** A task's thread while it waits; {@code started} flips once when the task begins or is cancelled. */
  private record Waiting(Thread thread, AtomicBoolean started) {}

  /** A timer on the system clock. */
  public VirtualThreadProbeTimer() {
    this(InstantSource.system());
  }

  public VirtualThreadProbeTimer(InstantSource clock) {
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
    Thread thread = Thread.ofVirtual().name("probe-timer").unstarted(() -> run(at, task, started));
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
      log.atError().addKeyValue("component", "probe").setCause(e).log("BUG: scheduled probe task failed");
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

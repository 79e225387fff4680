package io.watchkeeper.ingest.scrape;

import java.time.InstantSource;

/**
 * How scrape loops and discovery wait for a point in (clock) time: real time in production, a
 * manual clock in tests. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks until the clock reaches {@code deadlineMillis} or {@code wakeup} is signalled.
   *
   * @return true if the deadline was reached, false if woken first
   */
  boolean sleepUntil(long deadlineMillis, Wakeup wakeup) throws InterruptedException;

  /** Sleeps in real time against {@code clock}. */
  static Sleeper of(InstantSource clock) {
    return (deadline, wakeup) -> {
      while (true) {
        long remaining = deadline - clock.millis();
        if (remaining <= 0) {
          return !wakeup.isSignalled();
        }
        if (wakeup.await(remaining)) {
          return false;
        }
      }
    };
  }
}

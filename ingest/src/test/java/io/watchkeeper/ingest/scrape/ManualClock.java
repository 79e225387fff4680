package io.watchkeeper.ingest.scrape;

import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, and a {@link Sleeper} that waits on it. Thread-safe. */
final class ManualClock implements InstantSource {
  private long millis; // guarded by this

  ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  @Override
  public synchronized long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  synchronized void advance(long ms) {
    millis += ms;
    notifyAll();
  }

  synchronized void set(long ms) {
    millis = ms;
    notifyAll();
  }

  /** Waits until this clock reaches the deadline (checking the wake-up signal every few ms). */
  Sleeper sleeper() {
    return (deadline, wakeup) -> {
      synchronized (this) {
        while (millis < deadline) {
          if (wakeup.isSignalled()) {
            return false;
          }
          wait(5);
        }
      }
      return !wakeup.isSignalled();
    };
  }
}

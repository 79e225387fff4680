package io.watchkeeper.ingest.scrape;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A signal that ends a {@link Sleeper}'s wait early: stopping a scrape loop, shutting the manager
 * down, or new work for discovery. Stays signalled until {@link #clear()}. Thread-safe.
 */
public final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean signalled; // guarded by lock

  /** Wakes every waiter, now and until cleared. */
  public void signal() {
    lock.lock();
    try {
      signalled = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Re-arms the signal. */
  public void clear() {
    lock.lock();
    try {
      signalled = false;
    } finally {
      lock.unlock();
    }
  }

  public boolean isSignalled() {
    lock.lock();
    try {
      return signalled;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code millis} real milliseconds for the signal.
   *
   * @return whether it is signalled
   */
  public boolean await(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
      while (!signalled && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return signalled;
    } finally {
      lock.unlock();
    }
  }
}

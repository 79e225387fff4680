package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PlatformThreadSchedulerTest {
  private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void runsADueTaskOnAPlatformThread() throws InterruptedException {
    try (PlatformThreadScheduler s = new PlatformThreadScheduler(() -> NOW)) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicBoolean virtual = new AtomicBoolean(true);
      s.schedule(NOW.minusSeconds(1), () -> {
        virtual.set(Thread.currentThread().isVirtual());
        ran.countDown();
      });
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(virtual).as("not a virtual thread: those are not time-sliced").isFalse();
    }
  }

  @Test
  void aCancelledOrClosedTaskNeverRuns() throws InterruptedException {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    AtomicBoolean closedRan = new AtomicBoolean();
    PlatformThreadScheduler s = new PlatformThreadScheduler(() -> NOW);
    // the clock never moves, so these tasks wait until cancelled
    s.schedule(NOW.plus(Duration.ofHours(1)), () -> cancelledRan.set(true)).cancel();
    s.schedule(NOW.plus(Duration.ofHours(1)), () -> closedRan.set(true));
    CountDownLatch later = new CountDownLatch(1);
    s.schedule(NOW, later::countDown);
    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    s.close();
    assertThat(s.schedule(NOW, () -> closedRan.set(true))).isNotNull();
    assertThat(cancelledRan).isFalse();
    assertThat(closedRan).isFalse();
  }

  @Test
  void aTaskWaitsForItsTimeByTheSchedulersClock() throws InterruptedException {
    // A clock 200 ms behind the system's: the timer fires on time, finds the clock behind and waits again.
    long start = System.nanoTime();
    Instant at = Instant.now().plusMillis(100);
    try (PlatformThreadScheduler s = new PlatformThreadScheduler(() -> Instant.now().minusMillis(200))) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicBoolean early = new AtomicBoolean();
      s.schedule(at, () -> {
        early.set(s.clock().instant().isBefore(at));
        ran.countDown();
      });
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(early).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }
  }

  @Test
  void aSlowTaskDoesNotDelayAnother() throws InterruptedException {
    try (PlatformThreadScheduler s = new PlatformThreadScheduler()) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch second = new CountDownLatch(1);
      Instant now = Instant.now();
      s.schedule(now, () -> {
        try {
          release.await(); // blocks until the second task has run
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      s.schedule(now, second::countDown);
      assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
      release.countDown();
    }
  }
}

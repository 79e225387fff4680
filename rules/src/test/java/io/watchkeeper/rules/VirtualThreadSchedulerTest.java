package io.watchkeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VirtualThreadSchedulerTest {
  private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void runsADueTaskOnAVirtualThread() throws InterruptedException {
    try (VirtualThreadScheduler s = new VirtualThreadScheduler(() -> NOW)) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicBoolean virtual = new AtomicBoolean();
      s.schedule(NOW.minusSeconds(1), () -> {
        virtual.set(Thread.currentThread().isVirtual());
        ran.countDown();
      });
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(virtual).isTrue();
    }
  }

  @Test
  void aCancelledOrClosedTaskNeverRuns() throws InterruptedException {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    AtomicBoolean closedRan = new AtomicBoolean();
    VirtualThreadScheduler s = new VirtualThreadScheduler(() -> NOW);
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
}

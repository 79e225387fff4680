package io.watchkeeper.probe;

import io.watchkeeper.probe.net.Deadline;
import io.watchkeeper.probe.net.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one check of a monitor: attempts (the first, then retries while they fit before the next
 * scheduled check), each on its own virtual thread with the monitor's timeout as its deadline and
 * abandoned (interrupted, reported as timed out) if it overruns by more than the grace; then the
 * latency thresholds. Adds {@code probe_success} and {@code probe_duration_seconds} to the
 * samples. Thread-safe for one check at a time; {@link #interrupt()} may be called from any thread.
 */
final class CheckRunner {
  private static final Logger log = LoggerFactory.getLogger(CheckRunner.class);

  /** A check's verdict and what it measured. */
  record Check(CheckResult result, ProbeSamples samples) {}

  private record Attempt(ProbeOutcome outcome, ProbeSamples samples, long nanos) {}

  private final MonitorConfig config;
  private final Prober prober;
  private final InstantSource clock;
  private final LongSupplier nanoTime;
  private final Duration grace;
  private final Runnable onAbandoned;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable Thread current; // guarded by lock: the attempt running now

  /**
   * @param grace how long past its deadline an attempt may run before it is abandoned
   * @param onAbandoned called when an attempt is abandoned (a metric)
   */
  CheckRunner(MonitorConfig config, Prober prober, InstantSource clock, LongSupplier nanoTime, Duration grace,
      Runnable onAbandoned) {
    this.config = config;
    this.prober = prober;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.grace = grace;
    this.onAbandoned = onAbandoned;
  }

  /**
   * Runs the check.
   *
   * @param nextCheck when the next check is due: retries that would not finish before it are not made
   * @throws InterruptedException if the calling thread is interrupted (the monitor is stopping)
   */
  Check run(Instant nextCheck) throws InterruptedException {
    Instant start = clock.instant();
    int maxAttempts = 1 + config.retries();
    int attempts = 0;
    Attempt a;
    while (true) {
      attempts++;
      a = attempt();
      if (!a.outcome().failed() || attempts >= maxAttempts || clock.instant().plus(config.timeout()).isAfter(nextCheck)) {
        break;
      }
    }
    Duration took = Duration.ofNanos(a.nanos());
    ProbeOutcome o = a.outcome();
    Status verdict = o.status();
    String message = o.message();
    if (verdict != Status.UNKNOWN && verdict != Status.UNHEALTHY) {
      Status latency = config.thresholds().verdict(took);
      if (latency == Status.UNHEALTHY) {
        verdict = Status.UNHEALTHY;
        message = "too slow: took " + Durations.format(took) + ", above the unhealthy threshold of "
            + Durations.format(config.thresholds().unhealthy().orElseThrow()) + " (" + message + ")";
      } else if (latency == Status.DEGRADED) {
        verdict = Status.DEGRADED;
        message = message + "; slow: above the degraded threshold of "
            + Durations.format(config.thresholds().degraded().orElseThrow());
      }
    }
    ProbeSamples samples = a.samples();
    if (verdict != Status.UNKNOWN) {
      samples.add("probe_success", verdict != Status.UNHEALTHY);
    }
    samples.add("probe_duration_seconds", took.toNanos() / 1e9);
    return new Check(new CheckResult(start, took, verdict, message, attempts), samples);
  }

  private Attempt attempt() throws InterruptedException {
    ProbeSamples samples = new ProbeSamples();
    Deadline deadline = Deadline.after(config.timeout(), nanoTime);
    ProbeContext ctx = new ProbeContext(config.name(), clock.instant(), deadline);
    AtomicReference<ProbeOutcome> result = new AtomicReference<>();
    Thread t = Thread.ofVirtual().name("probe-" + config.name()).unstarted(() -> result.set(probe(ctx, samples)));
    lock.lock();
    try {
      current = t;
    } finally {
      lock.unlock();
    }
    t.start();
    boolean done;
    try {
      done = t.join(config.timeout().plus(grace));
    } catch (InterruptedException e) {
      t.interrupt();
      throw e;
    } finally {
      lock.lock();
      try {
        current = null;
      } finally {
        lock.unlock();
      }
    }
    long nanos = deadline.elapsedNanos();
    if (!done) {
      t.interrupt();
      onAbandoned.run();
      return new Attempt(ProbeOutcome.failed("timed out after " + Durations.format(config.timeout())
          + " (the check did not stop by its deadline and was abandoned)"), new ProbeSamples(), nanos);
    }
    ProbeOutcome o = result.get();
    if (o == null) {
      throw new IllegalStateException("BUG: probe thread ended without an outcome");
    }
    return new Attempt(o, samples, nanos);
  }

  private ProbeOutcome probe(ProbeContext ctx, ProbeSamples samples) {
    try {
      return prober.probe(ctx, samples);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeOutcome.failed("check interrupted (the monitor is stopping)");
    } catch (RuntimeException e) {
      log.atError().addKeyValue("component", "probe").addKeyValue("monitor", config.name()).setCause(e)
          .log("BUG: probe failed unexpectedly");
      return ProbeOutcome.failed("the check failed unexpectedly: " + e);
    }
  }

  /** Interrupts the attempt running now, if any. */
  void interrupt() {
    Thread t;
    lock.lock();
    try {
      t = current;
    } finally {
      lock.unlock();
    }
    if (t != null) {
      t.interrupt();
    }
  }
}

package io.watchkeeper.probe;

/**
 * Checks one thing once (Prometheus' blackbox {@code ProbeFn}): runs the attempt, adds what it
 * measured to {@code samples} (blackbox_exporter's names) and returns the verdict. The scheduler
 * adds {@code probe_success} and {@code probe_duration_seconds} itself.
 *
 * <p>Contract: returns by the context's deadline (every blocking step bounded by it; the scheduler
 * abandons and interrupts an attempt that overruns). Failures of the checked thing are outcomes,
 * not exceptions; a {@link RuntimeException} is a bug, reported as a failed check. One prober
 * serves one monitor, one attempt at a time; {@link #close()} releases what it keeps between
 * attempts (a connection pool).
 */
@FunctionalInterface
public interface Prober extends AutoCloseable {
  /** Runs one attempt. */
  ProbeOutcome probe(ProbeContext context, ProbeSamples samples) throws InterruptedException;

  /** Releases what the prober keeps between attempts; nothing by default. */
  @Override
  default void close() {}
}

package io.watchkeeper.probe;

/**
 * Makes the {@link Prober} for a monitor. {@link Probers} is the real one; tests give the
 * scheduler fakes. Thread-safe.
 */
@FunctionalInterface
public interface ProberFactory {
  /**
   * A prober for {@code config}; the caller closes it.
   *
   * @param lookup the states of other monitors, for groups
   */
  Prober create(MonitorConfig config, MonitorLookup lookup);
}

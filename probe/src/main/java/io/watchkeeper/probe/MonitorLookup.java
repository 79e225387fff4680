package io.watchkeeper.probe;

import java.util.Optional;

/** The current state of a monitor by name: how a group reads its members. Thread-safe. */
@FunctionalInterface
public interface MonitorLookup {
  /** The state of monitor {@code name}, if it is configured. */
  Optional<MonitorState> state(String name);
}

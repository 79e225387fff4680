package io.watchkeeper.web.health;

import io.watchkeeper.probe.MonitorState;
import java.util.List;

/** The configured monitors' current states, in configuration order ({@code ProbeScheduler::states}). Thread-safe. */
@FunctionalInterface
public interface MonitorStates {
  List<MonitorState> states();
}

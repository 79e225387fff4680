package io.watchkeeper.probe;

import java.util.List;

/** Monitor definitions that cannot be applied together; carries every problem found. */
public final class MonitorConfigException extends Exception {
  private final List<String> problems;

  public MonitorConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, naming the monitor. */
  public List<String> problems() {
    return problems;
  }
}

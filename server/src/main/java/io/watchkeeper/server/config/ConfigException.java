package io.watchkeeper.server.config;

import java.util.List;

/** A configuration file that cannot be used; carries every problem found, each with its place. */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem: {@code file:line:column: path: message}. */
  public List<String> problems() {
    return problems;
  }
}

package io.watchkeeper.rules;

import java.util.List;

/**
 * Rule groups that cannot be loaded: an expression that does not parse, a template with a syntax
 * error, an invalid recording rule name. Carries every problem found; nothing was applied.
 */
public final class RuleConfigException extends Exception {
  private final List<String> problems;

  public RuleConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem: {@code file: group "g", rule 2, "name": message}. */
  public List<String> problems() {
    return problems;
  }
}

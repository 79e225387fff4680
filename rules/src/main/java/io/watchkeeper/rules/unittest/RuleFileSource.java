package io.watchkeeper.rules.unittest;

import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.RuleGroupConfig;
import java.util.List;

/**
 * Loads the rule files a test file names (the server reads and validates them; this package never
 * reads files). Must be thread-safe if a tester is shared.
 */
@FunctionalInterface
public interface RuleFileSource {
  /**
   * The groups of the files, in file order.
   *
   * @param paths rule file paths or globs as the test file resolves them
   * @throws RuleConfigException with every problem when a file cannot be read or is invalid
   */
  List<RuleGroupConfig> load(List<String> paths) throws RuleConfigException;
}

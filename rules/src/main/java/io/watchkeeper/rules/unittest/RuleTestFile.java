package io.watchkeeper.rules.unittest;

import java.time.Duration;
import java.util.List;

/**
 * A {@code promtool test rules} file. Immutable.
 *
 * @param path the file, for messages
 * @param ruleFiles rule file paths or globs, already resolved against the test file's directory
 * @param evaluationInterval how often rules are evaluated in simulated time (default 1m)
 * @param groupEvalOrder names of rule groups to evaluate first, in this order
 * @param fuzzyCompare whether expression results may differ from expectations by one ulp
 * @param tests the test groups
 */
public record RuleTestFile(String path, List<String> ruleFiles, Duration evaluationInterval,
    List<String> groupEvalOrder, boolean fuzzyCompare, List<RuleTestGroup> tests) {
  public RuleTestFile {
    ruleFiles = List.copyOf(ruleFiles);
    groupEvalOrder = List.copyOf(groupEvalOrder);
    tests = List.copyOf(tests);
    if (evaluationInterval.isNegative() || evaluationInterval.isZero()) {
      throw new IllegalArgumentException("evaluation_interval must be > 0, got " + evaluationInterval);
    }
  }
}

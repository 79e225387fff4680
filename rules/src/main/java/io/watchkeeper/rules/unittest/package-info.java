/**
 * Rule unit tests in the {@code promtool test rules} format: the test file as records ({@link
 * io.watchkeeper.rules.unittest.RuleTestFile}), the series notation of input series ({@code
 * 1+2x10}, {@code _}, {@code stale}), and {@link io.watchkeeper.rules.unittest.RuleUnitTester},
 * which evaluates the rules over simulated time with promtool's semantics and reports failures as
 * promtool prints them. The server reads the YAML; this package never reads files.
 */
@NullMarked
package io.watchkeeper.rules.unittest;

import org.jspecify.annotations.NullMarked;

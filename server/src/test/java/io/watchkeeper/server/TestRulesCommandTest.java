package io.watchkeeper.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code watchkeeper test rules} over Prometheus' own {@code cmd/promtool/testdata} (current and
 * 2.42), with the exit codes {@code conformance/rules/README.md} lists, and promtool's output.
 */
class TestRulesCommandTest {
  private static final Path CURRENT = Path.of("../conformance/rules/promtool-testdata");
  private static final Path V2_42 = Path.of("../conformance/rules/promtool-testdata-v2.42.0");
  private static final List<String> REPORT = new ArrayList<>();

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * Upstream's expected exit code for each invocation; {@code ours} would differ where we knowingly
   * fall short (none at the moment).
   */
  static Stream<Arguments> verdicts() {
    return Stream.of(
        Arguments.of(CURRENT, "unittest.yml", "", 0, 0),
        Arguments.of(CURRENT, "long-period.yml", "", 0, 0),
        Arguments.of(CURRENT, "no-test-group-interval.yml", "", 0, 0),
        Arguments.of(CURRENT, "start-time-test.yml", "", 0, 0),
        Arguments.of(CURRENT, "at-modifier-test.yml", "", 0, 0),
        Arguments.of(CURRENT, "negative-offset-test.yml", "", 0, 0),
        Arguments.of(CURRENT, "bad-input-series.yml", "", 1, 1),
        Arguments.of(CURRENT, "bad-promql.yml", "", 1, 1),
        Arguments.of(CURRENT, "bad-rules-syntax-test.yml", "", 1, 1),
        Arguments.of(CURRENT, "bad-rules-error-test.yml", "", 1, 1),
        Arguments.of(CURRENT, "failing.yml", "", 1, 1),
        Arguments.of(CURRENT, "rules_run.yml", "", 1, 1),
        Arguments.of(CURRENT, "rules_run.yml", "--run=correct", 0, 0),
        Arguments.of(CURRENT, "rules_run.yml", "--run=wrong", 1, 1),
        Arguments.of(CURRENT, "rules_run_fuzzy.yml", "--run=correct", 0, 0),
        Arguments.of(CURRENT, "rules_run_fuzzy.yml", "--run=wrong", 1, 1),
        Arguments.of(CURRENT, "rules_run_no_fuzzy.yml", "", 1, 1),
        Arguments.of(CURRENT, "rules_run_extrafields.yml", "--ignore-unknown-fields", 0, 0),
        Arguments.of(CURRENT, "rules_run_extrafields.yml", "", 1, 1),
        Arguments.of(V2_42, "unittest.yml", "--dialect=prometheus_2", 0, 0),
        Arguments.of(V2_42, "long-period.yml", "--dialect=prometheus_2", 0, 0),
        Arguments.of(V2_42, "at-modifier-test.yml", "--dialect=prometheus_2", 0, 0),
        Arguments.of(V2_42, "negative-offset-test.yml", "--dialect=prometheus_2", 0, 0),
        Arguments.of(V2_42, "bad-input-series.yml", "--dialect=prometheus_2", 1, 1),
        Arguments.of(V2_42, "bad-promql.yml", "--dialect=prometheus_2", 1, 1),
        Arguments.of(V2_42, "bad-rules-syntax-test.yml", "--dialect=prometheus_2", 1, 1),
        Arguments.of(V2_42, "bad-rules-error-test.yml", "--dialect=prometheus_2", 1, 1),
        Arguments.of(V2_42, "failing.yml", "--dialect=prometheus_2", 1, 1));
  }

  @ParameterizedTest(name = "{0}/{1} {2}")
  @MethodSource("verdicts")
  void givesPromtoolsVerdicts(Path dir, String file, String option, int upstream, int ours) {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    if (!option.isEmpty()) {
      args.add(option);
    }
    args.add(dir.resolve(file).toString());
    Result r = run(args.toArray(String[]::new));
    synchronized (REPORT) {
      REPORT.add((r.exit() == upstream ? "PASS " : "DIFF ") + dir.getFileName() + "/" + file + " " + option
          + " exit " + r.exit() + " (upstream " + upstream + ")");
    }
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ours);
    assertThat(r.out()).startsWith("Unit Testing:  " + dir.resolve(file));
    if (r.exit() == 0) {
      assertThat(r.out().lines()).containsExactly("Unit Testing:  " + dir.resolve(file), "  SUCCESS", "");
      assertThat(r.err()).isEmpty();
    } else {
      // promtool: "  FAILED:" on stderr, then one or more reasons; no SUCCESS line
      assertThat(r.out()).doesNotContain("SUCCESS");
      List<String> err = r.err().lines().toList();
      assertThat(err).as(r.err()).first().isEqualTo("  FAILED:");
      assertThat(err.subList(1, err.size())).as("the reasons after FAILED:").anyMatch(l -> !l.isBlank());
    }
  }

  @AfterAll
  static void printCounts() {
    long same = REPORT.stream().filter(l -> l.startsWith("PASS")).count();
    System.out.println("promtool testdata: " + same + " of " + REPORT.size() + " invocations give upstream's exit code");
    REPORT.stream().filter(l -> l.startsWith("DIFF")).forEach(System.out::println);
  }

  @Test
  void everyTestFileOfTheSuitesHasAVerdict() throws Exception {
    List<String> covered = verdicts().map(a -> ((Path) a.get()[0]).getFileName() + "/" + a.get()[1]).toList();
    for (Path dir : List.of(CURRENT, V2_42)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> readQuietly(p).contains("\ntests:") || readQuietly(p).startsWith("tests:"))
            .toList()) {
          assertThat(covered).contains(dir.getFileName() + "/" + f.getFileName());
        }
      }
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void printsFailuresAsPromtoolDoes() {
    Result r = run("test", "rules", CURRENT.resolve("failing.yml").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("    expr: \"test\", time: 0s,\n        exp: {__name__=\"test\"} 1E+00\n"
        + "        got: {__name__=\"test\"} 0E+00");
    assertThat(r.err()).contains("    name: Failing alert test,\n    alertname: AlwaysFiring, time: 5m, \n"
        + "        exp:[], \n        got:[\n            0:\n              Labels:{alertname=\"AlwaysFiring\"}\n"
        + "              Annotations:{}\n            ]");
  }

  @Test
  void comparesHistogramsByTheirTestExpression() throws Exception {
    Path dir = Files.createTempDirectory("rt");
    Path f = dir.resolve("h.yml");
    Files.writeString(f, """
        tests:
          - interval: 1m
            input_series:
              - series: h
                values: "{{sum:3 count:2 buckets:[2]}}+{{sum:1 count:1 buckets:[1]}}x2"
            promql_expr_test:
              - expr: h
                eval_time: 0m
                exp_samples:
                  - labels: h
                    histogram: "{{buckets:[2] sum:3 count:2}}"
              - expr: h
                eval_time: 2m
                exp_samples:
                  - labels: h
                    histogram: "{{count:4 sum:5 buckets:[4]}}"
        """);
    try {
      Result r = run("test", "rules", f.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("time: 0s");
      assertThat(r.err()).contains("    expr: \"h\", time: 2m,\n"
          + "        exp: {__name__=\"h\"} {{count:4 sum:5 buckets:[4]}}\n"
          + "        got: {__name__=\"h\"} {{count:4 sum:5 counter_reset_hint:not_reset buckets:[4]}}");
    } finally {
      Files.delete(f);
      Files.delete(dir);
    }
  }

  @Test
  void reportsUnknownKeysInTestFilesWithTheirPosition() throws Exception {
    Path dir = Files.createTempDirectory("rt");
    Path f = dir.resolve("t.yml");
    Files.writeString(f, "tests:\n  - input_series: []\n    promql_exp_test: []\n");
    try {
      Result r = run("test", "rules", f.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains(f + ":3:5: tests[0].promql_exp_test: unknown key (did you mean \"promql_expr_test\"?)");
    } finally {
      Files.delete(f);
      Files.delete(dir);
    }
  }
}

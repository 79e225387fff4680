package io.watchkeeper.server;

import io.watchkeeper.query.engine.QueryEngineOptions;
import io.watchkeeper.rules.NameValidation;
import io.watchkeeper.rules.RuleConfigException;
import io.watchkeeper.rules.unittest.RuleTestFile;
import io.watchkeeper.rules.unittest.RuleUnitTester;
import io.watchkeeper.server.config.ConfigException;
import io.watchkeeper.server.config.RuleFileLoader;
import io.watchkeeper.server.config.RuleTestFileLoader;
import io.watchkeeper.storage.memory.InMemoryStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watchkeeper test rules FILE...}: rule unit tests in the {@code promtool test rules} format. */
@Command(name = "test", description = "Run unit tests.", subcommands = {TestCommand.Rules.class})
final class TestCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Which Prometheus version's PromQL evaluation the tests expect. */
  enum Dialect {
    PROMETHEUS_3(QueryEngineOptions.Dialect.PROMETHEUS_3),
    PROMETHEUS_2(QueryEngineOptions.Dialect.PROMETHEUS_2);

    final QueryEngineOptions.Dialect engine;

    Dialect(QueryEngineOptions.Dialect engine) {
      this.engine = engine;
    }
  }

  /** {@code test rules}, with promtool's exit codes: 0 all passed, 1 a test failed or a file is invalid. */
  @Command(name = "rules", description = "Run rule unit tests written for `promtool test rules`. "
      + "Exits 0 when all pass, 1 otherwise.")
  static final class Rules implements Callable<Integer> {
    static final int SUCCESS = 0;
    static final int FAILURE = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "Test files.")
    List<Path> files;

    @CommandLine.Option(names = "--run", paramLabel = "REGEX",
        description = "Only run test groups whose name matches (repeatable; any match runs).")
    List<String> run = new ArrayList<>();

    @CommandLine.Option(names = "--ignore-unknown-fields",
        description = "Ignore keys rule files have that Prometheus' rule format does not know.")
    boolean ignoreUnknownFields;

    @CommandLine.Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "prometheus_3",
        description = "PromQL evaluation rules the tests expect: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Dialect dialect = Dialect.PROMETHEUS_3;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<Pattern> filter;
      try {
        filter = run.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(String.join("|", run)));
      } catch (PatternSyntaxException e) {
        err.println("invalid --run pattern: " + e.getMessage());
        return FAILURE;
      }
      RuleFileLoader ruleLoader = new RuleFileLoader(NameValidation.UTF8, ignoreUnknownFields);
      RuleUnitTester tester = new RuleUnitTester(InMemoryStorage::new, paths -> {
        try {
          return ruleLoader.loadAll(paths.stream().map(Path::of).toList());
        } catch (ConfigException e) {
          throw new RuleConfigException(e.problems());
        }
      }, dialect.engine);
      boolean failed = false;
      for (Path file : files) {
        out.println("Unit Testing:  " + file);
        List<String> failures;
        try {
          RuleTestFile tests = new RuleTestFileLoader().load(file);
          failures = tester.run(tests, filter);
        } catch (ConfigException e) {
          failures = e.problems();
        }
        if (failures.isEmpty()) {
          out.println("  SUCCESS");
        } else {
          failed = true;
          out.flush();
          err.println("  FAILED:");
          for (String f : failures) {
            err.println(f);
            err.flush();
            out.println();
          }
        }
        out.println();
        out.flush();
      }
      return failed ? FAILURE : SUCCESS;
    }
  }
}

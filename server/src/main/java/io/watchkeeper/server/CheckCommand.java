package io.watchkeeper.server;

import io.watchkeeper.server.config.ConfigException;
import io.watchkeeper.server.config.FullConfig;
import io.watchkeeper.server.config.FullConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watchkeeper check config FILE}: validates without starting anything. */
@Command(name = "check", description = "Check files for errors without starting the server.",
    subcommands = {CheckCommand.Config.class})
final class CheckCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code check config}. */
  @Command(name = "config", description = "Validate a configuration file and the rule files it names. "
      + "Exits 1 and prints file:line:column messages when something is wrong.")
  static final class Config implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "FILE", description = "Configuration file (prometheus.yml or watchkeeper.yml).")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      out.println("Checking " + file);
      try {
        FullConfig loaded = new FullConfigLoader(System.getenv()).load(file);
        for (String w : loaded.warnings()) {
          err.println("  WARNING: " + w);
        }
        out.println("  SUCCESS: " + file + " is valid (" + loaded.main().scrapeConfigs().size() + " scrape configs, "
            + loaded.ruleGroups().size() + " rule groups" + (loaded.notifications().isPresent() ? ", notifications" : "")
            + ")");
        return 0;
      } catch (ConfigException e) {
        for (String p : e.problems()) {
          err.println("  FAILED: " + p);
        }
        err.println("Fix the lines above and run the check again.");
        return 1;
      }
    }
  }
}

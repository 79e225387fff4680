package io.watchkeeper.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code watchkeeper} command line: one subcommand per task. */
@Command(
    name = "watchkeeper",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Watches your services: scrapes and stores metrics, answers PromQL, and tells the right person.",
    subcommands = {
      ServerCommand.class,
      CheckCommand.class,
      QueryCommand.class,
      ImportCommand.class,
      VersionCommand.class,
      TestCommand.class,
      AlertCommand.class,
      ProbeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.current();
      return new String[] {"watchkeeper " + b.version() + " (built " + b.buildDate() + ", java " + b.javaVersion() + ")"};
    }
  }
}

package io.watchkeeper.server;

import io.watchkeeper.server.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code watchkeeper server}: runs until interrupted; SIGHUP reloads the configuration. */
@Command(name = "server", description = "Run the server: scrape, store, evaluate rules, notify and answer queries. "
    + "Without --config it watches itself and this host every 15s.")
final class ServerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--config", paramLabel = "FILE",
      description = "Configuration file (a prometheus.yml works unchanged). Default: built-in self and host monitoring.")
  Path config;

  @CommandLine.Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
      description = "Where metrics, the write-ahead log and alert state are kept (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @CommandLine.Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9095",
      description = "Address of the HTTP server (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
  String listen;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    int colon = listen.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      err.println("--listen must be HOST:PORT, e.g. 127.0.0.1:9095 (got \"" + listen + "\")");
      return 2;
    }
    String host = colon <= 0 ? "127.0.0.1" : listen.substring(0, colon).replace("[", "").replace("]", "");
    App.Options options = new App.Options(Optional.ofNullable(config), dataDir, host, port, System.getenv());
    err.println("Starting Watchkeeper " + BuildInfo.current().version() + " (config: "
        + (config == null ? "built-in" : config) + ", data: " + dataDir.toAbsolutePath() + ")");
    err.flush();
    App app;
    try {
      app = App.start(options);
    } catch (ConfigException e) {
      err.println("The configuration has errors; nothing was started:");
      e.problems().forEach(p -> err.println("  " + p));
      err.println("Fix them and start again (check a file with: watchkeeper check config FILE).");
      return 1;
    } catch (IOException e) {
      err.println("Cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
      app.close();
      stopped.countDown();
    }));
    Sighup.onSignal(app::reload);
    PrintWriter out = spec.commandLine().getOut();
    out.println("listening on " + app.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

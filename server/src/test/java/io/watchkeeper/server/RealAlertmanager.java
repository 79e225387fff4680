package io.watchkeeper.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Alertmanager (Debian package prometheus-alertmanager) as a child process on 127.0.0.1:
 * no clustering, its own storage directory, its log in a file next to it. {@link #close()} kills it;
 * a shutdown hook does too if the test JVM is stopped first. Not thread-safe.
 */
final class RealAlertmanager implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final URI url;
  private final Path log;
  private final Thread killer;

  private RealAlertmanager(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.killer = new Thread(process::destroyForcibly, "alertmanager-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts Alertmanager with this configuration file and waits until {@code /-/ready} answers 200.
   *
   * @param dir an empty directory for its storage and log
   * @param externalUrl its {@code --web.external-url} (the payloads' externalURL)
   */
  static RealAlertmanager start(Path config, Path dir, String externalUrl) throws IOException, InterruptedException {
    // The port is free when chosen but may be taken before Alertmanager binds it: then try another.
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path log = dir.resolve("alertmanager-" + attempt + ".log");
      Process p = new ProcessBuilder(List.of(BINARY.toString(),
          "--config.file=" + config,
          "--storage.path=" + Files.createDirectories(dir.resolve("storage-" + attempt)),
          "--web.listen-address=127.0.0.1:" + port,
          "--web.external-url=" + externalUrl,
          "--cluster.listen-address=",
          "--log.level=debug"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      RealAlertmanager am = new RealAlertmanager(p, URI.create("http://127.0.0.1:" + port), log);
      try {
        am.awaitReady();
        return am;
      } catch (IOException e) {
        am.close();
        if (!am.logText().contains("address already in use")) {
          throw e;
        }
        last = e;
      }
    }
    throw new IOException("alertmanager found its port taken three times", last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("alertmanager exited with " + process.exitValue() + " before it was ready:\n" + logText());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // polled again below until the deadline
      }
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new IOException("alertmanager was not ready within " + READY_TIMEOUT + ":\n" + logText());
  }

  /** Where its HTTP API listens, e.g. {@code http://127.0.0.1:41234}. */
  URI url() {
    return url;
  }

  /** What it logged so far (for failure messages). */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing left to remove
    }
  }
}

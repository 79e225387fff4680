package io.watchkeeper.probe.testserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server for tests on 127.0.0.1 and a free port, without persistence, stopped
 * by {@link #close()}. Started from Debian's redis-server package; waits for "Ready to accept
 * connections" in its log rather than polling.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The redis-server binary, if installed. */
  public static Optional<Path> binary() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path b = Path.of(p.isEmpty() ? "." : p, "redis-server");
      if (Files.isExecutable(b)) {
        return Optional.of(b);
      }
    }
    Path debian = Path.of("/usr/bin/redis-server");
    return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
  }

  /** Starts a server; the caller closes it. */
  public static RedisServer start(Path binary) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--maxmemory", "64mb"))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder log = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      log.append(line).append('\n');
      if (line.contains("Ready to accept connections")) {
        Thread.ofVirtual().start(() -> drain(out));
        return new RedisServer(p, port);
      }
    }
    p.destroyForcibly();
    throw new IOException("redis-server did not start:\n" + log);
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // keep the pipe from filling up
      }
    } catch (IOException e) {
      // the server stopped
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

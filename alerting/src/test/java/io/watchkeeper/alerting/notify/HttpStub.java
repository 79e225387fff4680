package io.watchkeeper.alerting.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on 127.0.0.1 (JDK HttpServer, a free port) that records requests and answers
 * as told: a status, a hang until closed, or a dropped connection. Stops itself on {@link #close()}.
 */
public final class HttpStub implements AutoCloseable {
  /** How the stub answers. */
  public enum Behaviour { ANSWER, HANG, CLOSE_CONNECTION }

  /** One request received. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return "";
    }
  }

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  public final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.ANSWER);
  public volatile int status = 200;
  public volatile String responseBody = "";
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpServer server;

  public HttpStub() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
    switch (behaviour.get()) {
      case HANG -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
      }
      case CLOSE_CONNECTION -> ex.getResponseBody().close(); // no status line: the client sees a broken connection
      case ANSWER -> {
        byte[] out = responseBody.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        ex.getResponseBody().write(out);
        ex.close();
      }
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}

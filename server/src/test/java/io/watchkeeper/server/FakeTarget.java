package io.watchkeeper.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scrape target for tests: serves a counter that grows by 10 per scrape and a gauge, in the
 * Prometheus text format, on 127.0.0.1 and a free port.
 */
final class FakeTarget implements AutoCloseable {
  private final HttpServer server;
  private final AtomicLong scrapes = new AtomicLong();

  FakeTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/metrics", exchange -> {
      long n = scrapes.incrementAndGet();
      byte[] body = ("# HELP http_requests_total Requests served.\n"
          + "# TYPE http_requests_total counter\n"
          + "http_requests_total{code=\"200\",route=\"/api\"} " + (n * 10) + "\n"
          + "# TYPE temperature_celsius gauge\n"
          + "temperature_celsius 21.5\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** host:port to put in a scrape config. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  long scrapes() {
    return scrapes.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

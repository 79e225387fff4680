package io.watchkeeper.ingest.scrape;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A scrape target on 127.0.0.1 (JDK HttpServer): serves a settable body and records requests. */
final class FakeTarget implements AutoCloseable {
  private final HttpServer server;
  final List<Headers> requests = new CopyOnWriteArrayList<>();
  final List<String> queries = new CopyOnWriteArrayList<>();
  volatile String body = "up_fake 1\n";
  volatile String contentType = "text/plain; version=0.0.4; charset=utf-8";
  volatile int status = 200;
  volatile boolean gzip;
  /** Send the body with chunked transfer encoding instead of Content-Length. */
  volatile boolean chunked;
  /** Remote ports of requests: equal ports mean a reused connection. */
  final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
  /** When set, requests wait on it (to make scrapes time out). */
  volatile CountDownLatch hold;

  private FakeTarget(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  static FakeTarget http() throws IOException {
    return new FakeTarget(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static FakeTarget https(SSLContext ctx, boolean needClientAuth) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(p);
      }
    });
    return new FakeTarget(s);
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.add(ex.getRequestHeaders());
    clientPorts.add(ex.getRemoteAddress().getPort());
    if (ex.getRequestURI().getPath().startsWith("/redirect")) {
      ex.getResponseHeaders().set("Location", "/metrics?from=redirect");
      ex.sendResponseHeaders(302, -1);
      ex.close();
      return;
    }
    queries.add(ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
    CountDownLatch h = hold;
    if (h != null) {
      try {
        h.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      b = GzipDecoderTest.gzip(b);
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, chunked ? 0 : b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    } catch (IOException e) {
      // the client went away (timeout): fine
    }
  }

  @Override
  public void close() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    server.stop(0);
  }
}

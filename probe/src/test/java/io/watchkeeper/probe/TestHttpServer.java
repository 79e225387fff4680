package io.watchkeeper.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A JDK HTTP(S) server on a loopback address and a free port, for probe tests: handlers per
 * path, requests on virtual threads, stopped by {@link #close()}.
 */
public final class TestHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final String scheme;

  private TestHttpServer(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** Plain HTTP on 127.0.0.1. */
  public static TestHttpServer http() {
    return http(InetAddress.getLoopbackAddress());
  }

  /** Plain HTTP on {@code address}. */
  public static TestHttpServer http(InetAddress address) {
    try {
      return new TestHttpServer(HttpServer.create(new InetSocketAddress(address, 0), 128), "http");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HTTPS on 127.0.0.1 presenting the certificate of {@code tls}. */
  public static TestHttpServer https(SSLContext tls) {
    try {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      return new TestHttpServer(s, "https");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code path} (and below) with {@code handler}. */
  public TestHttpServer on(String path, HttpHandler handler) {
    server.createContext(path, ex -> {
      try (ex) {
        handler.handle(ex);
      }
    });
    return this;
  }

  /** Serves {@code path} with a fixed status and body. */
  public TestHttpServer on(String path, int status, String body) {
    return on(path, ex -> respond(ex, status, body));
  }

  /** Answers with {@code status} and {@code body} (length known). */
  public static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code scheme://127.0.0.1:port} + path. */
  public String url(String path) {
    String host = server.getAddress().getAddress().getHostAddress();
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

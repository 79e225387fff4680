package io.watchkeeper.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP server on 127.0.0.1 and a free port that misbehaves on purpose: each accepted connection
 * is handed to a {@link Behaviour} on its own virtual thread (hang, reset, drip an endless body,
 * answer garbage). {@link #close()} closes the listener and every connection, which ends the
 * behaviours.
 */
public final class FaultServer implements AutoCloseable {
  /** What to do with one connection. */
  @FunctionalInterface
  public interface Behaviour {
    void serve(Socket s) throws IOException, InterruptedException;
  }

  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  public FaultServer(Behaviour behaviour) {
    try {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = Thread.ofVirtual().start(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          open.add(s);
          Thread.ofVirtual().start(() -> {
            try {
              behaviour.serve(s);
            } catch (IOException | InterruptedException e) {
              // the probe gave up or the server is closing: that ends the behaviour
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** Reads the request head (up to the empty line) so the client has sent everything. */
  public static void readRequest(Socket s) throws IOException {
    var in = s.getInputStream();
    int state = 0;
    int b;
    while ((b = in.read()) >= 0) {
      state = switch (state) {
        case 0 -> b == '\r' ? 1 : 0;
        case 1 -> b == '\n' ? 2 : 0;
        case 2 -> b == '\r' ? 3 : 0;
        case 3 -> b == '\n' ? 4 : 0;
        default -> 0;
      };
      if (state == 4) {
        return;
      }
    }
  }

  /** Blocks until the connection is closed (by the client or by {@link #close()}). */
  public static void hang(Socket s) throws IOException {
    while (s.getInputStream().read() >= 0) {
      // discard whatever comes
    }
  }

  /**
   * Aborts the connection with a TCP RST instead of the FIN of a clean close: SO_LINGER on with a
   * zero timeout makes close() discard unsent data and reset, so the client's next read fails with
   * "Connection reset" rather than seeing end of stream.
   */
  public static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  /**
   * A loopback port that refuses connections for as long as the returned socket stays open: bound
   * but not listening, so no other socket (nor the kernel's ephemeral choice) can take it.
   */
  public static Socket reservedPort() throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return s;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** {@code scheme://127.0.0.1:port} + path. */
  public String url(String scheme, String path) {
    return scheme + "://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing a test server
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a test connection
      }
    }
    acceptor.interrupt();
  }
}

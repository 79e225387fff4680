package io.watchkeeper.alerting.notify.email;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * GreenMail's SMTP server speaks no STARTTLS, so tests put this in front of it: a real SMTP
 * listener on 127.0.0.1 that greets, answers EHLO advertising STARTTLS, upgrades the connection
 * with TLS (GreenMail's test certificate), and from then on relays the decrypted conversation to
 * GreenMail, whose greeting it swallows. The client's AUTH and message thus reach GreenMail over
 * a connection that really was upgraded. Counts the TLS handshakes. Stops on {@link #close()}.
 */
final class StartTlsFront implements AutoCloseable {
  private final ServerSocket server;
  private final int backendPort;
  private final SSLContext tls;
  final AtomicInteger handshakes = new AtomicInteger();

  StartTlsFront(int backendPort) {
    this.backendPort = backendPort;
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(new DummySSLServerSocketFactory().getKeyStore(), "changeit".toCharArray());
      tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Thread.ofVirtual().start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      OutputStream out = plain.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
      write(out, "220 front ESMTP ready");
      while (true) {
        String line = in.readLine();
        if (line == null) {
          return;
        }
        String cmd = line.toUpperCase(Locale.ROOT);
        if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
          write(out, "250-front\r\n250-STARTTLS\r\n250 8BITMIME");
        } else if (cmd.equals("STARTTLS")) {
          write(out, "220 2.0.0 Ready to start TLS");
          break;
        } else if (cmd.equals("QUIT")) {
          write(out, "221 bye");
          return;
        } else {
          write(out, "530 5.7.0 Must issue a STARTTLS command first");
        }
      }
      SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
      secure.setUseClientMode(false);
      secure.startHandshake();
      handshakes.incrementAndGet();
      try (secure; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
        InputStream bin = backend.getInputStream();
        skipLine(bin); // GreenMail's greeting: the client already had ours
        Thread up = Thread.ofVirtual().start(() -> pipe(secure, backend));
        pipe(backend, secure);
        up.join();
      }
    } catch (IOException | InterruptedException e) {
      // the client or GreenMail closed the connection: the conversation is over
    }
  }

  private static void skipLine(InputStream in) throws IOException {
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      // discard
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException | UnsupportedOperationException e) {
      // one side closed
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

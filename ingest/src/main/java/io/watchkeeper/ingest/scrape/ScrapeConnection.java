package io.watchkeeper.ingest.scrape;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A scrape loop's keep-alive HTTP/1.1 connection to its target, with a small read buffer for the
 * response head and chunk headers; bodies are read straight into the loop's body buffer.
 *
 * <p>Reads observe a deadline: each read waits at most until the scrape's timeout expires. {@link
 * #cancel()} may be called from any thread to abort a fetch in flight (it closes the socket); every
 * other method belongs to the scrape loop's thread.
 */
final class ScrapeConnection implements AutoCloseable {
  /** Holds the response head and chunk headers; bodies bypass it. Small: a thousand targets keep one each. */
  private static final int BUFFER = 4 * 1024;

  private volatile @Nullable Socket socket;
  private volatile boolean cancelled;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;
  /** {@code scheme://host:port} the socket is connected to. */
  private String endpoint = "";
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private long deadlineNanos;
  /** Bytes received on this connection since the last request was written. */
  private long received;
  /** The last request written, kept to send the same bytes next time. */
  private @Nullable String requestKey;
  private byte[] request = new byte[0];
  private @Nullable Object owner;

  /** Aborts a fetch in flight and every later one. Thread-safe. */
  void cancel() {
    cancelled = true;
    close();
  }

  boolean isCancelled() {
    return cancelled;
  }

  /**
   * Binds the connection to the scraper using it: a different scraper (another configuration)
   * never reuses this one's socket or request bytes.
   */
  void useBy(Object scraper) {
    if (owner != scraper) {
      close();
      owner = scraper;
      requestKey = null;
    }
  }

  boolean isOpenTo(String endpoint) {
    return socket != null && this.endpoint.equals(endpoint);
  }

  void attach(Socket s, String endpoint) throws IOException {
    close();
    this.socket = s;
    this.endpoint = endpoint;
    this.in = s.getInputStream();
    this.out = s.getOutputStream();
    this.pos = 0;
    this.limit = 0;
    if (cancelled) {
      close();
      throw new IOException("scrape cancelled");
    }
  }

  /** The request bytes for {@code key}, built by {@code builder} when the key changed. */
  byte[] request(String key, java.util.function.Supplier<String> builder) {
    if (!key.equals(requestKey)) {
      request = builder.get().getBytes(StandardCharsets.ISO_8859_1);
      requestKey = key;
    }
    return request;
  }

  void setDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  long received() {
    return received;
  }

  void write(byte[] bytes) throws IOException {
    OutputStream o = out;
    if (o == null) {
      throw new IOException("not connected");
    }
    received = 0;
    o.write(bytes);
    o.flush();
  }

  private InputStream input() throws IOException {
    InputStream i = in;
    Socket s = socket;
    if (i == null || s == null) {
      throw new IOException(cancelled ? "scrape cancelled" : "not connected");
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new SocketTimeoutException("deadline exceeded");
    }
    s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
    return i;
  }

  private boolean fill() throws IOException {
    int n = input().read(buf, 0, buf.length);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    received += n;
    return true;
  }

  /**
   * Reads one header line (without CRLF) as ISO-8859-1; null at end of stream before any byte.
   *
   * @throws IOException if the line is longer than {@code maxLength}
   */
  @Nullable String readLine(int maxLength) throws IOException {
    StringBuilder sb = null;
    while (true) {
      if (pos == limit && !fill()) {
        if (sb == null) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a line");
      }
      int start = pos;
      while (pos < limit && buf[pos] != '\n') {
        pos++;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(new String(buf, start, pos - start, StandardCharsets.ISO_8859_1));
      if (sb.length() > maxLength) {
        throw new IOException("response header line longer than " + maxLength + " bytes");
      }
      if (pos < limit) {
        pos++; // the line feed
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
    }
  }

  /** Reads exactly {@code n} bytes into {@code target}. */
  void readFully(BodyBuffer target, long n) throws IOException {
    target.ensureRoom((int) n);
    int left = (int) n;
    int buffered = Math.min(left, limit - pos);
    System.arraycopy(buf, pos, target.bytes, target.length, buffered);
    pos += buffered;
    target.length += buffered;
    left -= buffered;
    while (left > 0) {
      int r = input().read(target.bytes, target.length, left);
      if (r < 0) {
        throw new EOFException("connection closed before the end of the body");
      }
      received += r;
      target.length += r;
      left -= r;
    }
  }

  /** Reads until the server closes the connection; fails once more than {@code max} bytes arrived (0: no limit). */
  void readToEnd(BodyBuffer target, long max) throws IOException, BodyTooLargeException {
    while (true) {
      if (pos < limit) {
        int n = limit - pos;
        if (max > 0 && target.length + (long) n > max) {
          throw new BodyTooLargeException();
        }
        target.ensureRoom(n);
        System.arraycopy(buf, pos, target.bytes, target.length, n);
        target.length += n;
        pos = limit;
      }
      if (!fill()) {
        return;
      }
    }
  }

  /** The body exceeded {@code body_size_limit}. */
  static final class BodyTooLargeException extends Exception {
    BodyTooLargeException() {
      super("body size limit exceeded", null, false, false);
    }
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    endpoint = "";
    pos = 0;
    limit = 0;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing: nothing to do
      }
    }
  }
}

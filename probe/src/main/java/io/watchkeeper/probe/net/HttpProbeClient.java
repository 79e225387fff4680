package io.watchkeeper.probe.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 client for probes, one connection per request ({@code Connection: close}): what a
 * health check needs and no more, with every phase timed and bounded. Sockets rather than the JDK's
 * {@code HttpClient} because a probe must choose the address family per request, report the
 * server's certificates even when verification fails, time DNS, connect, TLS, processing and
 * transfer separately (blackbox_exporter's phases), and stop at its deadline however slowly a
 * server drips its body.
 *
 * <p>Follows redirects when asked (at most {@link Options#maxRedirects}), turning 303, and 301/302
 * after a POST, into GETs and dropping credentials when the host changes, as Go's client does.
 * Bodies larger than the limit fail the probe; they are kept in memory only when asked. Thread-safe:
 * each call uses its own connection.
 */
public final class HttpProbeClient {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Set<String> SENSITIVE = Set.of("authorization", "cookie", "proxy-authorization");

  private final Connector connector;
  private final String userAgent;

  /**
   * How to run one request.
   *
   * @param followRedirects whether 3xx answers with a Location are followed
   * @param maxRedirects the most redirects followed before failing
   * @param bodyLimitBytes the largest body accepted; larger fails with {@link ProbeIoException.Kind#TOO_LARGE}
   * @param keepBody whether the body is returned (for assertions) or only counted
   */
  public record Options(boolean followRedirects, int maxRedirects, long bodyLimitBytes, boolean keepBody, TlsSettings tls,
      AddressPreference addressPreference) {
    public Options {
      if (maxRedirects < 0 || bodyLimitBytes < 0) {
        throw new IllegalArgumentException("limits must not be negative");
      }
    }
  }

  public HttpProbeClient(Connector connector, String userAgent) {
    this.connector = connector;
    this.userAgent = userAgent;
  }

  /**
   * Sends {@code request} and reads the final response.
   *
   * @param trace filled as the request proceeds, also when it fails
   * @throws ProbeIoException with the reason it failed
   */
  public HttpResult execute(HttpRequestData request, Options options, Deadline deadline, ConnectTrace trace)
      throws ProbeIoException {
    HttpRequestData current = request;
    int redirects = 0;
    while (true) {
      Exchange ex = exchange(current, options, deadline, trace);
      String location = ex.location;
      if (!options.followRedirects() || !REDIRECTS.contains(ex.status) || location == null) {
        return new HttpResult(ex.status, ex.version, ex.headers, ex.body, ex.bodyBytes, ex.contentLength, redirects,
            current.uri());
      }
      redirects++;
      if (redirects > options.maxRedirects()) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "stopped after " + options.maxRedirects()
            + " redirects (last to " + ex.location + ")");
      }
      current = redirected(current, ex.status, location);
    }
  }

  /** The request a redirect leads to. */
  private static HttpRequestData redirected(HttpRequestData from, int status, String location) throws ProbeIoException {
    URI next;
    try {
      next = from.uri().resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "redirect to an invalid Location \"" + location + "\"", e);
    }
    boolean toGet = status == 303 ? !from.method().equals("HEAD")
        : (status == 301 || status == 302) && from.method().equals("POST");
    boolean sameHost = from.uri().getHost().equalsIgnoreCase(next.getHost() == null ? "" : next.getHost());
    List<Header> headers = new ArrayList<>();
    for (Header h : from.headers()) {
      boolean sensitive = SENSITIVE.contains(h.name().toLowerCase(Locale.ROOT));
      boolean bodyHeader = toGet && (h.is("Content-Type") || h.is("Content-Length"));
      if ((sameHost || !sensitive) && !bodyHeader) {
        headers.add(h);
      }
    }
    try {
      return new HttpRequestData(toGet ? "GET" : from.method(), next, headers, toGet ? new byte[0] : from.body());
    } catch (IllegalArgumentException e) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "redirect to an unsupported URL " + next, e);
    }
  }

  /** One response as read off the wire. */
  private record Exchange(int status, String version, List<Header> headers, byte[] body, long bodyBytes, long contentLength,
      @Nullable String location) {}

  private Exchange exchange(HttpRequestData request, Options options, Deadline deadline, ConnectTrace trace)
      throws ProbeIoException {
    URI uri = request.uri();
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String host = hostForConnect(uri.getHost());
    Socket socket = connector.connect(host, port, options.addressPreference(), https ? options.tls() : null, deadline, trace);
    try {
      long sent = send(socket, request, port, https, deadline);
      DeadlineInput in = new DeadlineInput(socket, deadline);
      ResponseHead head = readHead(in, deadline, trace, sent);
      long transferStart = deadline.nanoTime().getAsLong();
      try {
        return readBody(in, head, request.method(), options);
      } finally {
        trace.transferNanos += deadline.nanoTime().getAsLong() - transferStart;
      }
    } finally {
      Connector.closeQuietly(socket);
    }
  }

  /** Writes the request; returns the nano time when it was sent. */
  private long send(Socket socket, HttpRequestData request, int port, boolean https, Deadline deadline) throws ProbeIoException {
    URI uri = request.uri();
    String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      target += "?" + uri.getRawQuery();
    }
    boolean defaultPort = port == (https ? 443 : 80);
    StringBuilder sb = new StringBuilder(256);
    sb.append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
    if (!has(request.headers(), "Host")) {
      sb.append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + port).append("\r\n");
    }
    if (!has(request.headers(), "User-Agent")) {
      sb.append("User-Agent: ").append(userAgent).append("\r\n");
    }
    if (!has(request.headers(), "Accept")) {
      sb.append("Accept: */*\r\n");
    }
    sb.append("Connection: close\r\n");
    for (Header h : request.headers()) {
      if (!h.is("Connection") && !h.is("Content-Length")) {
        sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
      }
    }
    byte[] body = request.body();
    if (body.length > 0 || Set.of("POST", "PUT", "PATCH").contains(request.method())) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    try {
      socket.setSoTimeout(deadline.socketTimeoutMillis("before sending the request"));
      OutputStream out = socket.getOutputStream();
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return deadline.nanoTime().getAsLong();
    } catch (ProbeIoException e) {
      throw e;
    } catch (IOException e) {
      if (deadline.expired()) {
        throw deadline.timedOut("sending the request");
      }
      throw new ProbeIoException(ProbeIoException.Kind.RESET, "connection " + Connector.lost(e) + " while sending the request", e);
    }
  }

  private static boolean has(List<Header> headers, String name) {
    return headers.stream().anyMatch(h -> h.is(name));
  }

  /** The status line and headers of the final (non-1xx) response. */
  private record ResponseHead(int status, String version, List<Header> headers) {
    String first(String name) {
      for (Header h : headers) {
        if (h.is(name)) {
          return h.value();
        }
      }
      return "";
    }
  }

  private static ResponseHead readHead(DeadlineInput in, Deadline deadline, ConnectTrace trace, long sentNanos)
      throws ProbeIoException {
    boolean first = true;
    while (true) {
      in.doing = "waiting for the response";
      String statusLine = in.readLine(8192);
      if (first) {
        trace.processingNanos += deadline.nanoTime().getAsLong() - sentNanos;
        first = false;
      }
      if (statusLine == null) {
        throw new ProbeIoException(ProbeIoException.Kind.RESET, "the server closed the connection without answering");
      }
      in.doing = "reading the response headers";
      ResponseHead status = parseStatusLine(statusLine, List.of());
      ResponseHead head = new ResponseHead(status.status(), status.version(), readHeaders(in));
      if (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
        continue; // 100 Continue and other interim answers precede the real one
      }
      return head;
    }
  }

  private static ResponseHead parseStatusLine(String line, List<Header> headers) throws ProbeIoException {
    if (!line.startsWith("HTTP/1.")) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "the server did not answer in HTTP (got \""
          + printable(line) + "\")");
    }
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || parts[1].length() != 3) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed HTTP status line \"" + printable(line) + "\"");
    }
    try {
      int status = Integer.parseInt(parts[1]);
      if (status < 100) {
        throw new NumberFormatException("below 100");
      }
      return new ResponseHead(status, parts[0].substring(5), headers);
    } catch (NumberFormatException e) {
      throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed HTTP status code in \"" + printable(line) + "\"", e);
    }
  }

  private static final int MAX_HEADERS = 200;
  private static final int MAX_HEADER_BYTES = 64 << 10;

  private static List<Header> readHeaders(DeadlineInput in) throws ProbeIoException {
    List<Header> headers = new ArrayList<>();
    int total = 0;
    while (true) {
      String line = in.readLine(MAX_HEADER_BYTES);
      if (line == null) {
        throw new ProbeIoException(ProbeIoException.Kind.RESET, "connection closed by the server while reading the response headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      total += line.length();
      if (headers.size() >= MAX_HEADERS || total > MAX_HEADER_BYTES) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "response headers exceed " + MAX_HEADERS + " fields or "
            + (MAX_HEADER_BYTES >> 10) + " KiB");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed response header \"" + printable(line) + "\"");
      }
      try {
        headers.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
      } catch (IllegalArgumentException e) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed response header \"" + printable(line) + "\"", e);
      }
    }
  }

  private static Exchange readBody(DeadlineInput in, ResponseHead head, String method, Options options) throws ProbeIoException {
    long contentLength = -1;
    String cl = head.first("Content-Length");
    if (!cl.isEmpty()) {
      try {
        contentLength = Long.parseLong(cl.strip());
      } catch (NumberFormatException e) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed Content-Length \"" + printable(cl) + "\"", e);
      }
    }
    String location = head.first("Location");
    BodySink sink = new BodySink(options.bodyLimitBytes(), options.keepBody());
    boolean noBody = method.equals("HEAD") || head.status() == 204 || head.status() == 304;
    if (!noBody) {
      in.doing = "reading the response body";
      if (head.first("Transfer-Encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
        readChunked(in, sink);
      } else if (contentLength >= 0) {
        if (contentLength > options.bodyLimitBytes()) {
          throw sink.tooLarge();
        }
        in.readExactly(contentLength, sink);
      } else {
        in.readToEnd(sink);
      }
    }
    return new Exchange(head.status(), head.version(), head.headers(), sink.bytes(), sink.count, contentLength,
        location.isEmpty() ? null : location);
  }

  private static void readChunked(DeadlineInput in, BodySink sink) throws ProbeIoException {
    while (true) {
      String sizeLine = in.readLine(1024);
      if (sizeLine == null) {
        throw new ProbeIoException(ProbeIoException.Kind.RESET, "connection closed by the server in the middle of a chunked body ("
            + sink.count + " bytes read)");
      }
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
        if (size < 0) {
          throw new NumberFormatException("negative");
        }
      } catch (NumberFormatException e) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed chunk size \"" + printable(sizeLine) + "\"", e);
      }
      if (size == 0) {
        while (true) { // trailers, then the empty line
          String trailer = in.readLine(MAX_HEADER_BYTES);
          if (trailer == null || trailer.isEmpty()) {
            return;
          }
        }
      }
      if (sink.count + size > sink.limit) {
        throw sink.tooLarge();
      }
      in.readExactly(size, sink);
      String crlf = in.readLine(16);
      if (crlf == null || !crlf.isEmpty()) {
        throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "malformed chunked body: no line end after a chunk");
      }
    }
  }

  /** The IP literal inside {@code [...]}, or the host name as is. */
  private static String hostForConnect(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Up to 60 characters of {@code s} with control characters shown as {@code ?}. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 60; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 60 ? sb + "..." : sb.toString();
  }

  /** Counts body bytes against the limit, keeping them when asked. */
  private static final class BodySink {
    final long limit;
    final @Nullable ByteArrayOutputStream kept;
    long count;

    BodySink(long limit, boolean keep) {
      this.limit = limit;
      this.kept = keep ? new ByteArrayOutputStream() : null;
    }

    void accept(byte[] b, int off, int len) throws ProbeIoException {
      count += len;
      if (count > limit) {
        throw tooLarge();
      }
      if (kept != null) {
        kept.write(b, off, len);
      }
    }

    ProbeIoException tooLarge() {
      return new ProbeIoException(ProbeIoException.Kind.TOO_LARGE, "response body exceeds the limit of " + limit
          + " bytes (body_size_limit)");
    }

    byte[] bytes() {
      return kept == null ? new byte[0] : kept.toByteArray();
    }
  }

  /**
   * The socket's input with a buffer, every read bounded by the deadline (the socket timeout is the
   * time left, and the deadline is checked after each read so a server dripping bytes cannot go
   * on), and read failures turned into reasons.
   */
  private static final class DeadlineInput {
    private final Socket socket;
    private final Deadline deadline;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int end;
    private long bodyRead;
    String doing = "waiting for the response";

    DeadlineInput(Socket socket, Deadline deadline) {
      this.socket = socket;
      this.deadline = deadline;
    }

    /** Fills the buffer; false at end of stream. */
    private boolean fill() throws ProbeIoException {
      try {
        socket.setSoTimeout(deadline.socketTimeoutMillis(doingNow()));
        int n = socket.getInputStream().read(buf);
        if (deadline.expired()) {
          throw deadline.timedOut(doingNow());
        }
        if (n < 0) {
          return false;
        }
        pos = 0;
        end = n;
        return true;
      } catch (ProbeIoException e) {
        throw e;
      } catch (java.net.SocketTimeoutException e) {
        throw deadline.timedOut(doingNow());
      } catch (IOException e) {
        if (deadline.expired()) {
          throw deadline.timedOut(doingNow());
        }
        throw new ProbeIoException(ProbeIoException.Kind.RESET, "connection " + Connector.lost(e) + " while " + doingNow(), e);
      }
    }

    private String doingNow() {
      return doing.equals("reading the response body") ? doing + " (" + bodyRead + " bytes read)" : doing;
    }

    /** A line without its CRLF (or LF), or null at end of stream before any byte. */
    @Nullable String readLine(int max) throws ProbeIoException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos == end && !fill()) {
          return sb.isEmpty() ? null : sb.toString();
        }
        byte b = buf[pos++];
        if (b == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        if (sb.length() >= max) {
          throw new ProbeIoException(ProbeIoException.Kind.PROTOCOL, "a response line is longer than " + max + " bytes");
        }
        sb.append((char) (b & 0xff)); // ISO-8859-1, as RFC 9110 reads header octets
      }
    }

    void readExactly(long n, BodySink sink) throws ProbeIoException {
      long left = n;
      while (left > 0) {
        if (pos == end && !fill()) {
          throw new ProbeIoException(ProbeIoException.Kind.RESET, "connection closed by the server after " + bodyRead
              + " body bytes" + (n == left ? "" : " (" + (n - left) + " of " + n + " of this part)"));
        }
        int take = (int) Math.min(left, end - pos);
        sink.accept(buf, pos, take);
        pos += take;
        left -= take;
        bodyRead += take;
      }
    }

    void readToEnd(BodySink sink) throws ProbeIoException {
      while (true) {
        if (pos == end && !fill()) {
          return;
        }
        int take = end - pos;
        sink.accept(buf, pos, take);
        pos = end;
        bodyRead += take;
      }
    }
  }
}

package io.watchkeeper.web.api;

import io.watchkeeper.query.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request and its response, as the endpoints see it: parameters with Go's {@code
 * FormValue} semantics, a size-limited body, and one way to answer. Wraps Jetty's core request and
 * response. Used by one thread; an endpoint answers exactly once.
 */
public final class Exchange {
  /** Writes a response body; the exchange closes the stream if the writer returns normally. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private static final int MAX_FORM_FIELDS = 10_000;

  private final Request request;
  private final Response response;
  private final Map<String, String> pathParams;
  private final int maxFormBytes;
  private @Nullable Fields params;
  private boolean responded;

  /**
   * @param pathParams values of the route's {@code {name}} path segments
   * @param maxFormBytes largest form-encoded request body read for parameters
   */
  public Exchange(Request request, Response response, Map<String, String> pathParams, int maxFormBytes) {
    this.request = request;
    this.response = response;
    this.pathParams = Map.copyOf(pathParams);
    this.maxFormBytes = maxFormBytes;
  }

  /** The HTTP method, upper case. */
  public String method() {
    return request.getMethod();
  }

  /** The decoded request path. */
  public String path() {
    return request.getHttpURI().getDecodedPath();
  }

  /** A path parameter of the route, e.g. {@code name} of {@code /api/v1/label/{name}/values}. */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalStateException("BUG: route has no path parameter " + name);
    }
    return v;
  }

  /** A request header, or null. */
  public @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The first value of a parameter, or the empty string (Go's {@code FormValue}). */
  public String param(String name) throws ApiException {
    String v = params().getValue(name);
    return v == null ? "" : v;
  }

  /** Every value of a parameter, form body values first, then the query string's. */
  public List<String> params(String name) throws ApiException {
    return params().getValuesOrEmpty(name);
  }

  private Fields params() throws ApiException {
    Fields p = params;
    if (p == null) {
      p = parseParams();
      params = p;
    }
    return p;
  }

  private Fields parseParams() throws ApiException {
    try {
      Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
      if (!isFormPost()) {
        return query;
      }
      long length = request.getLength();
      if (length > maxFormBytes) {
        throw ApiException.tooLarge("form body of " + length + " bytes exceeds the limit of " + maxFormBytes + " bytes");
      }
      Fields merged = new Fields(true);
      merged.addAll(FormFields.getFields(request, MAX_FORM_FIELDS, maxFormBytes));
      merged.addAll(query);
      return merged;
    } catch (RuntimeException e) {
      if (e instanceof HttpException he) {
        int code = he.getCode() == 413 ? 413 : 400;
        String why = he.getReason() != null ? he.getReason() : e.getMessage();
        throw new ApiException(code, ErrorType.BAD_DATA, "error parsing form values: " + why, e);
      }
      throw e;
    }
  }

  private boolean isFormPost() {
    if (!"POST".equals(request.getMethod()) && !"PUT".equals(request.getMethod())) {
      return false;
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return type != null && MimeTypes.getContentTypeWithoutCharset(type).trim().equalsIgnoreCase("application/x-www-form-urlencoded");
  }

  /**
   * The whole request body.
   *
   * @throws ApiException 413 if it is longer than {@code maxBytes} (checked against the
   *     Content-Length header first, then while reading)
   */
  public byte[] readBody(int maxBytes) throws ApiException, IOException {
    long length = request.getLength();
    if (length > maxBytes) {
      throw ApiException.tooLarge("request body of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    // One byte more than allowed, so that reading it proves the body too long.
    int cap = (int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 8);
    byte[] buf = new byte[(int) Math.min(length >= 0 ? length + 1 : 8192, cap)];
    int n = 0;
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (true) {
        if (n == buf.length) {
          if (n >= cap) {
            throw ApiException.tooLarge("request body exceeds the limit of " + maxBytes + " bytes");
          }
          buf = Arrays.copyOf(buf, (int) Math.min((long) n * 2, cap));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    return Arrays.copyOf(buf, n);
  }

  /**
   * The request body as a stream that fails with {@link BodyTooLargeException} after {@code
   * maxBytes} bytes. The caller closes it.
   */
  public InputStream body(long maxBytes) throws ApiException {
    long length = request.getLength();
    if (length > maxBytes) {
      if (length <= LimitedInputStream.drainable(maxBytes)) {
        // read and dropped, so that the client, which sends the whole body first, reads the 413
        // and may keep the connection; a longer body is not read at all
        try (InputStream all = Content.Source.asInputStream(request)) {
          LimitedInputStream.discard(all, length);
        } catch (IOException e) {
          // the client went away: nothing to answer
        }
      }
      throw ApiException.tooLarge("request body of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
    }
    return new LimitedInputStream(Content.Source.asInputStream(request), maxBytes);
  }

  /** Answers with {@code status}, {@code contentType} and the body {@code writer} produces. */
  public void respond(int status, String contentType, BodyWriter writer) throws IOException {
    if (responded) {
      throw new IllegalStateException("BUG: answered twice");
    }
    responded = true;
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    OutputStream out = Response.asBufferedOutputStream(request, response);
    writer.write(out);
    // Closed only on success: a writer that fails leaves the response unfinished, and the
    // failed callback aborts it, so a client never takes a cut-off body for a whole one.
    out.close();
  }

  /** Answers with a plain-text body. */
  public void respondText(int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    respond(status, "text/plain; charset=utf-8", out -> out.write(bytes));
  }

  /** Answers with a status and no body (e.g. 204). */
  public void respondEmpty(int status) throws IOException {
    if (responded) {
      throw new IllegalStateException("BUG: answered twice");
    }
    responded = true;
    response.setStatus(status);
    try (OutputStream out = Response.asBufferedOutputStream(request, response)) {
      out.flush();
    }
  }

  /** Sets a response header; call before answering. */
  public void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Whether the endpoint has started its answer (then an error can no longer be reported). */
  public boolean hasResponded() {
    return responded;
  }

  /** A request body that went past its limit while being read. */
  public static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(long limit) {
      super("request body exceeds the limit of " + limit + " bytes");
    }
  }

  private static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long limit;
    private long read;

    LimitedInputStream(InputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > limit) {
        throw new BodyTooLargeException(limit);
      }
    }

    /** The most of a body over {@code limit} that is read (and dropped) to answer 413 on a usable connection. */
    static long drainable(long limit) {
      return limit + Math.max(limit, 1 << 20);
    }

    /**
     * First reads and drops what the handler left of the body (see {@link #discard}): nothing after
     * a body read to its end; the rest after one the handler stopped reading (a bad line, a parse
     * error) or that went past the limit, up to {@link #drainable} bytes in all.
     */
    @Override
    public void close() throws IOException {
      try {
        discard(in, drainable(limit) - read);
      } finally {
        in.close();
      }
    }

    /**
     * Reads and drops at most {@code max} bytes of what the client still sends: an HTTP/1.1 client
     * sends its whole body before it reads the answer, and a connection closed with unread data is
     * reset, which loses the 413 (the client would report a broken connection). Costs the upload's
     * time, no memory. A body longer than {@link #drainable} still gets the reset.
     */
    static void discard(InputStream in, long max) {
      byte[] scratch = new byte[64 * 1024];
      long left = max;
      try {
        int n;
        while (left > 0 && (n = in.read(scratch, 0, (int) Math.min(scratch.length, left))) >= 0) {
          left -= n;
        }
      } catch (IOException e) {
        // the client went away: nothing to answer
      }
    }
  }
}

package io.watchkeeper.ingest.scrape;

import io.watchkeeper.ingest.textformat.ExpositionFormat;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Fetches exposition bodies over HTTP for one scrape pool with the JDK's {@link HttpClient}, as
 * Prometheus' scraper does: {@code Accept} preferring OpenMetrics, {@code Accept-Encoding: gzip},
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, a deadline of {@code scrape_timeout} for the whole
 * exchange, only status 200 accepted, {@code body_size_limit} on the decompressed body, {@code
 * basic_auth} or {@code authorization}, TLS from {@code tls_config}. Bodies are streamed into pooled
 * buffers; nothing is allocated per line.
 *
 * <p>Thread-safe: one client serves all targets of the pool. {@link #close()} shuts it down.
 */
final class HttpScraper implements AutoCloseable {
  private final HttpClient client;
  private final ExecutorService executor;
  private final String userAgent;
  private final @Nullable String authorization;

  /** A scrape that failed; the message says why in words for {@code lastError}. */
  static final class ScrapeException extends Exception {
    private final boolean buffersAbandoned;

    ScrapeException(String message) {
      this(message, false);
    }

    ScrapeException(String message, boolean buffersAbandoned) {
      super(message, null, false, false);
      this.buffersAbandoned = buffersAbandoned;
    }

    /**
     * Whether the exchange was abandoned while the client may still write into the body buffers:
     * the caller must not reuse or pool them.
     */
    boolean buffersAbandoned() {
      return buffersAbandoned;
    }
  }

  /** Lets the scrape loop abort an exchange in flight when it is stopped. */
  static final class InFlight {
    private final AtomicReference<@Nullable CompletableFuture<?>> current = new AtomicReference<>();
    private volatile boolean cancelled;

    void cancel() {
      cancelled = true;
      CompletableFuture<?> f = current.get();
      if (f != null) {
        f.cancel(true);
      }
    }

    boolean isCancelled() {
      return cancelled;
    }
  }

  /**
   * @throws GeneralSecurityException if the TLS settings cannot be loaded (bad CA, key or cert file)
   * @throws IOException if a TLS file cannot be read
   */
  HttpScraper(HttpClientConfig config, String userAgent) throws IOException, GeneralSecurityException {
    this.userAgent = userAgent;
    this.authorization = authorizationHeader(config);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(config.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
        .executor(executor);
    TlsContexts.Setup tls = TlsContexts.create(config.tls());
    b.sslContext(tls.context()).sslParameters(tls.parameters());
    this.client = b.build();
  }

  private static @Nullable String authorizationHeader(HttpClientConfig config) {
    if (config.basicAuth().isPresent()) {
      HttpClientConfig.BasicAuth ba = config.basicAuth().get();
      String pair = ba.username() + ":" + ba.password().reveal();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (config.authorization().isPresent()) {
      HttpClientConfig.Authorization a = config.authorization().get();
      String type = a.type().isEmpty() ? "Bearer" : a.type();
      return type + " " + a.credentials().reveal();
    }
    return null;
  }

  /**
   * Fetches {@code url} into {@code body} (decompressed).
   *
   * @param raw a buffer for the compressed body when the response is gzip-encoded
   * @param gzip where to borrow a decoder for a gzip-encoded response
   * @param bodyLimit maximum body size in bytes, 0 for none
   * @return the response's Content-Type, or null if it had none
   * @throws ScrapeException with the reason the scrape failed
   */
  @Nullable String fetch(URI url, Duration timeout, long bodyLimit, BodyBuffer body, BodyBuffer raw, GzipDecoder.Pool gzip, InFlight inFlight)
      throws ScrapeException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest.Builder rb = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .GET()
        .header("Accept", ExpositionFormat.SCRAPE_ACCEPT_HEADER)
        .header("Accept-Encoding", "gzip")
        .header("User-Agent", userAgent)
        .header("X-Prometheus-Scrape-Timeout-Seconds", seconds(timeout));
    if (authorization != null) {
      rb.header("Authorization", authorization);
    }
    body.clear();
    raw.clear();
    BodyHandler handler = new BodyHandler(body, raw, bodyLimit);
    CompletableFuture<HttpResponse<Void>> f = client.sendAsync(rb.build(), handler);
    inFlight.current.set(f);
    HttpResponse<Void> response;
    try {
      if (inFlight.isCancelled()) {
        f.cancel(true);
      }
      response = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ScrapeException("Get \"" + url + "\": scrape timed out after " + PromDuration.format(timeout), true);
    } catch (CancellationException e) {
      throw new ScrapeException("Get \"" + url + "\": scrape cancelled", true);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ScrapeException("Get \"" + url + "\": scrape interrupted", true);
    } catch (ExecutionException e) {
      throw new ScrapeException("Get \"" + url + "\": " + describe(e.getCause(), timeout, bodyLimit));
    } finally {
      inFlight.current.set(null);
    }
    if (response.statusCode() != 200) {
      throw new ScrapeException("server returned HTTP status " + response.statusCode() + reason(response.statusCode()));
    }
    if (handler.gzip) {
      GzipDecoder decoder = gzip.get();
      try {
        decoder.decode(raw.bytes, raw.length, body, bodyLimit);
      } catch (GzipDecoder.TooLargeException e) {
        throw new ScrapeException(e.getMessage());
      } catch (IOException e) {
        throw new ScrapeException("cannot decompress gzip body: " + e.getMessage());
      } finally {
        gzip.put(decoder);
      }
    }
    return response.headers().firstValue("Content-Type").orElse(null);
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
  }

  private static String describe(@Nullable Throwable t, Duration timeout, long bodyLimit) {
    if (t instanceof BodyTooLargeException) {
      return "body size limit exceeded: more than " + bodyLimit + " bytes";
    }
    if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
      return "scrape timed out after " + PromDuration.format(timeout);
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    if (t instanceof SSLException) {
      return "TLS handshake failed: " + t.getMessage();
    }
    if (t instanceof IOException && t.getCause() != null && t.getCause() != t) {
      return describe(t.getCause(), timeout, bodyLimit);
    }
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  private static String reason(int status) {
    return switch (status) {
      case 301 -> " Moved Permanently";
      case 302 -> " Found";
      case 400 -> " Bad Request";
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      case 504 -> " Gateway Timeout";
      default -> "";
    };
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }

  /** The body exceeded {@code body_size_limit}. */
  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("body size limit exceeded", null);
    }
  }

  /** Streams a 200 response's body into the loop's buffer (the raw one if gzip-encoded); discards others. */
  private static final class BodyHandler implements HttpResponse.BodyHandler<Void> {
    private final BodyBuffer body;
    private final BodyBuffer raw;
    private final long limit;
    volatile boolean gzip;

    BodyHandler(BodyBuffer body, BodyBuffer raw, long limit) {
      this.body = body;
      this.raw = raw;
      this.limit = limit;
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.discarding();
      }
      gzip = info.headers().firstValue("Content-Encoding").map(v -> v.trim().toLowerCase(Locale.ROOT).equals("gzip")).orElse(false);
      return new BufferSubscriber(gzip ? raw : body, limit);
    }
  }

  /** Copies the body's byte buffers into a {@link BodyBuffer}, failing once it passes the limit. */
  private static final class BufferSubscriber implements HttpResponse.BodySubscriber<Void> {
    private final BodyBuffer target;
    private final long limit;
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private volatile Flow.@Nullable Subscription subscription;

    BufferSubscriber(BodyBuffer target, long limit) {
      this.target = target;
      this.limit = limit;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer bb : items) {
        int n = bb.remaining();
        if (limit > 0 && (long) target.length + n > limit) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        target.ensureRoom(n);
        bb.get(target.bytes, target.length, n);
        target.length += n;
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(null);
    }
  }
}

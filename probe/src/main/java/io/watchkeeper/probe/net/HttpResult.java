package io.watchkeeper.probe.net;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The final response of an HTTP probe (after redirects). Immutable.
 *
 * @param status the status code
 * @param version {@code 1.1} or {@code 1.0}
 * @param headers response headers in received order
 * @param body the body, when it was asked to be kept; else empty
 * @param bodyBytes how many body bytes arrived (after removing chunked framing)
 * @param contentLength the Content-Length header, or -1 when absent
 * @param redirects how many redirects were followed
 * @param uri the URL of the final response
 */
public record HttpResult(int status, String version, List<Header> headers, byte[] body, long bodyBytes, long contentLength,
    int redirects, URI uri) {
  public HttpResult {
    headers = List.copyOf(headers);
  }

  /** The first value of header {@code name}. */
  public Optional<String> header(String name) {
    return headers.stream().filter(h -> h.is(name)).map(Header::value).findFirst();
  }

  /** Every value of header {@code name}. */
  public List<String> headers(String name) {
    return headers.stream().filter(h -> h.is(name)).map(Header::value).toList();
  }

  /** Whether the final response came over TLS. */
  public boolean isTls() {
    return "https".equalsIgnoreCase(uri.getScheme());
  }
}

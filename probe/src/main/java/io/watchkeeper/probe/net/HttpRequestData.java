package io.watchkeeper.probe.net;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request to send: method, absolute http(s) URL, headers in order and body bytes.
 * Immutable (the body array is the caller's: do not change it after handing it over).
 */
public record HttpRequestData(String method, URI uri, List<Header> headers, byte[] body) {
  public HttpRequestData {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = List.copyOf(headers);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("URL must start with http:// or https://, got " + uri);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL has no host: " + uri);
    }
  }
}

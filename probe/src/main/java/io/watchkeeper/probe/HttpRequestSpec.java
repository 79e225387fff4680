package io.watchkeeper.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The request of an HTTP check or journey step. In journeys, URL, header values and body may hold
 * {@code ${variable}} references, filled in at run time.
 *
 * @param method upper-case token, e.g. {@code GET}
 * @param url absolute http(s) URL (a template in journeys)
 * @param headers header names to values, sent in this order
 * @param body the request body, if any
 */
public record HttpRequestSpec(String method, String url, Map<String, String> headers, Optional<String> body, HttpAuth auth) {
  public HttpRequestSpec {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(auth, "auth");
    if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
      throw new IllegalArgumentException("method must be an upper-case word such as GET or POST, got \"" + method + "\"");
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A GET of {@code url}. */
  public static HttpRequestSpec get(String url) {
    return new HttpRequestSpec("GET", url, Map.of(), Optional.empty(), HttpAuth.NONE);
  }

  @Override
  public String toString() {
    // Header values and bodies may carry credentials: never print them.
    return "HttpRequestSpec[" + method + " " + url + ", headers=" + headers.keySet() + "]";
  }
}

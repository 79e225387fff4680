package io.watchkeeper.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What an HTTP response must look like ({@code expect:}); every check applies. Regular expressions
 * are Java's, found anywhere in the body ({@code find}, as blackbox_exporter's {@code
 * fail_if_body_not_matches_regexp}).
 *
 * @param statusCodes accepted status codes; empty means any 2xx
 * @param bodyContains texts the body must contain
 * @param bodyNotContains texts the body must not contain
 * @param bodyMatches regular expressions the body must match
 * @param bodyNotMatches regular expressions the body must not match
 * @param json assertions on the body parsed as JSON
 * @param headers header name to a regular expression one of its values must match
 */
public record HttpExpectations(Set<Integer> statusCodes, List<String> bodyContains, List<String> bodyNotContains,
    List<String> bodyMatches, List<String> bodyNotMatches, List<JsonAssertion> json, Map<String, String> headers) {
  /** Any 2xx, nothing else. */
  public static final HttpExpectations DEFAULT =
      new HttpExpectations(Set.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());

  public HttpExpectations {
    for (int code : statusCodes) {
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("status codes are 100 to 599, got " + code);
      }
    }
    statusCodes = Collections.unmodifiableSet(new TreeSet<>(statusCodes));
    bodyContains = List.copyOf(bodyContains);
    bodyNotContains = List.copyOf(bodyNotContains);
    bodyMatches = List.copyOf(bodyMatches);
    bodyNotMatches = List.copyOf(bodyNotMatches);
    json = List.copyOf(json);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    bodyMatches.forEach(Pattern::compile);
    bodyNotMatches.forEach(Pattern::compile);
    headers.values().forEach(Pattern::compile);
  }

  /** Only these status codes. */
  public static HttpExpectations status(Integer... codes) {
    return new HttpExpectations(Set.of(codes), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
  }

  /** Whether the body is needed to check these expectations. */
  public boolean needsBody() {
    return !bodyContains.isEmpty() || !bodyNotContains.isEmpty() || !bodyMatches.isEmpty() || !bodyNotMatches.isEmpty()
        || !json.isEmpty();
  }

  /** Whether {@code code} is accepted. */
  public boolean accepts(int code) {
    return statusCodes.isEmpty() ? code >= 200 && code < 300 : statusCodes.contains(code);
  }
}

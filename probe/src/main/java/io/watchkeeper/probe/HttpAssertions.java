package io.watchkeeper.probe;

import io.watchkeeper.probe.json.Json;
import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import io.watchkeeper.probe.net.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link HttpExpectations} compiled once (regular expressions, JSON paths) and checked against
 * responses. Immutable; thread-safe.
 */
final class HttpAssertions {
  private record CompiledJson(JsonAssertion source, JsonPath path, Optional<Pattern> matches) {}

  private final HttpExpectations expect;
  private final List<Pattern> bodyMatches;
  private final List<Pattern> bodyNotMatches;
  private final List<CompiledJson> json;
  private final Map<String, Pattern> headers;

  HttpAssertions(HttpExpectations expect) {
    this.expect = expect;
    this.bodyMatches = expect.bodyMatches().stream().map(Pattern::compile).toList();
    this.bodyNotMatches = expect.bodyNotMatches().stream().map(Pattern::compile).toList();
    List<CompiledJson> js = new ArrayList<>();
    for (JsonAssertion a : expect.json()) {
      try {
        js.add(new CompiledJson(a, JsonPath.compile(a.path()), a.matches().map(Pattern::compile)));
      } catch (JsonException e) {
        throw new IllegalStateException("BUG: JsonAssertion validated its path", e);
      }
    }
    this.json = List.copyOf(js);
    Map<String, Pattern> hs = new LinkedHashMap<>();
    expect.headers().forEach((name, regex) -> hs.put(name, Pattern.compile(regex)));
    this.headers = hs;
  }

  boolean needsBody() {
    return expect.needsBody();
  }

  /**
   * The first expectation the response fails, in words; empty when all pass. Sets {@code
   * probe_failed_due_to_regex} as blackbox_exporter does.
   */
  Optional<String> check(HttpResult r, ProbeSamples samples) {
    if (!expect.accepts(r.status())) {
      return Optional.of("expected status " + expectedStatus() + ", got " + r.status());
    }
    Optional<String> headerFailure = checkHeaders(r);
    if (headerFailure.isPresent()) {
      samples.add("probe_failed_due_to_regex", 1);
      return headerFailure;
    }
    String body = new String(r.body(), StandardCharsets.UTF_8);
    Optional<String> bodyFailure = checkBody(body);
    samples.add("probe_failed_due_to_regex", bodyFailure.isPresent());
    if (bodyFailure.isPresent()) {
      return bodyFailure;
    }
    return checkJson(body);
  }

  private String expectedStatus() {
    if (expect.statusCodes().isEmpty()) {
      return "2xx";
    }
    List<String> codes = expect.statusCodes().stream().map(String::valueOf).toList();
    return codes.size() == 1 ? codes.get(0) : "one of " + String.join(", ", codes);
  }

  private Optional<String> checkHeaders(HttpResult r) {
    for (Map.Entry<String, Pattern> e : headers.entrySet()) {
      List<String> values = r.headers(e.getKey());
      if (values.isEmpty()) {
        return Optional.of("response has no " + e.getKey() + " header");
      }
      if (values.stream().noneMatch(v -> e.getValue().matcher(v).find())) {
        return Optional.of("header " + e.getKey() + " does not match /" + e.getValue().pattern() + "/ (got \""
            + shorten(values.get(0)) + "\")");
      }
    }
    return Optional.empty();
  }

  private Optional<String> checkBody(String body) {
    for (String s : expect.bodyContains()) {
      if (!body.contains(s)) {
        return Optional.of("body does not contain \"" + s + "\"");
      }
    }
    for (String s : expect.bodyNotContains()) {
      if (body.contains(s)) {
        return Optional.of("body contains \"" + s + "\"");
      }
    }
    for (Pattern p : bodyMatches) {
      if (!p.matcher(body).find()) {
        return Optional.of("body does not match /" + p.pattern() + "/");
      }
    }
    for (Pattern p : bodyNotMatches) {
      if (p.matcher(body).find()) {
        return Optional.of("body matches /" + p.pattern() + "/");
      }
    }
    return Optional.empty();
  }

  private Optional<String> checkJson(String body) {
    if (json.isEmpty()) {
      return Optional.empty();
    }
    Object root;
    try {
      root = Json.parse(body);
    } catch (JsonException e) {
      return Optional.of("body is not JSON: " + e.getMessage());
    }
    for (CompiledJson j : json) {
      Optional<Object> v = j.path().select(root);
      if (v.isEmpty()) {
        return Optional.of("JSON body has no " + j.path());
      }
      String text = Json.text(v.get());
      if (j.source().equals().isPresent() && !text.equals(j.source().equals().get())) {
        return Optional.of(j.path() + " is \"" + shorten(text) + "\", expected \"" + j.source().equals().get() + "\"");
      }
      if (j.matches().isPresent() && !j.matches().get().matcher(text).matches()) {
        return Optional.of(j.path() + " is \"" + shorten(text) + "\", which does not match /" + j.matches().get().pattern() + "/");
      }
    }
    return Optional.empty();
  }

  /** At most 80 characters of {@code s}, for messages. */
  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}

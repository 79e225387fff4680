package io.watchkeeper.probe;

import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An assertion on the JSON response body: the value at {@code path} exists, and equals {@code
 * equals} or matches {@code matches} (a whole-value regular expression) when given. Values compare
 * as text ({@code 1}, {@code true}, {@code "ok"} → {@code ok}).
 */
public record JsonAssertion(String path, Optional<String> equals, Optional<String> matches) {
  public JsonAssertion {
    Objects.requireNonNull(path, "path");
    try {
      JsonPath.compile(path);
    } catch (JsonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    matches.ifPresent(Pattern::compile);
  }

  /** The value at {@code path} must exist. */
  public static JsonAssertion exists(String path) {
    return new JsonAssertion(path, Optional.empty(), Optional.empty());
  }
}

package io.watchkeeper.probe;

import io.watchkeeper.probe.json.JsonException;
import io.watchkeeper.probe.json.JsonPath;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a journey step takes a value from its response into a variable: the value at a JSON path of
 * the body, the first group (or the whole match) of a regular expression on the body, or a
 * response header, optionally narrowed by a regular expression
 * ({@code {header: Set-Cookie, regex: "session=([^;]+)"}}).
 */
public record Extraction(Source from, String expression, Optional<String> regex) {
  /** Where the value comes from. */
  public enum Source {
    JSON,
    REGEX,
    HEADER
  }

  public Extraction {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(regex, "regex");
    switch (from) {
      case JSON -> {
        try {
          JsonPath.compile(expression);
        } catch (JsonException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
      case REGEX -> Pattern.compile(expression);
      case HEADER -> {
        if (expression.isBlank()) {
          throw new IllegalArgumentException("header name must not be empty");
        }
      }
    }
    regex.ifPresent(Pattern::compile);
  }

  /** The value at a JSON path of the body. */
  public static Extraction json(String path) {
    return new Extraction(Source.JSON, path, Optional.empty());
  }
}

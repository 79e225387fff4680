package io.watchkeeper.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HTTP request of a journey: its request (with {@code ${variable}} references), what its
 * response must look like, and the variables it takes from the response for later steps.
 *
 * @param name unique within the journey; the {@code step} label of its series
 * @param extract variable name to where its value comes from
 */
public record JourneyStep(String name, HttpRequestSpec request, HttpExpectations expect, Map<String, Extraction> extract,
    boolean followRedirects) {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public JourneyStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(expect, "expect");
    if (name.isBlank()) {
      throw new IllegalArgumentException("every step needs a name");
    }
    for (String v : extract.keySet()) {
      if (!isVariableName(v)) {
        throw new IllegalArgumentException("variable names are letters, digits and _, got \"" + v + "\"");
      }
    }
    extract = Collections.unmodifiableMap(new LinkedHashMap<>(extract));
  }

  /** Whether {@code s} can name a journey variable. */
  public static boolean isVariableName(String s) {
    return VARIABLE.matcher(s).matches();
  }
}

package io.watchkeeper.probe.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSONPath subset health checks need: {@code $} followed by member names ({@code .name} or
 * {@code ['name']}) and array indexes ({@code [0]}, {@code [-1]} for the last). Compiled once;
 * immutable and thread-safe.
 */
public final class JsonPath {
  private final String text;
  private final List<Object> steps; // String member names and Integer indexes

  private JsonPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Compiles {@code $.a.b[0]}; a path without the leading {@code $} is taken as relative to it
   * ({@code data.token}).
   *
   * @throws JsonException naming the position of the problem
   */
  public static JsonPath compile(String path) throws JsonException {
    String p = path.strip();
    if (p.startsWith("$")) {
      p = p.substring(1);
    } else if (!p.isEmpty() && !p.startsWith(".") && !p.startsWith("[")) {
      p = "." + p;
    }
    List<Object> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
          i++;
        }
        if (i == start) {
          throw new JsonException("empty member name in JSON path \"" + path + "\" at offset " + start);
        }
        steps.add(p.substring(start, i));
      } else if (c == '[') {
        int close = p.indexOf(']', i);
        if (close < 0) {
          throw new JsonException("unclosed [ in JSON path \"" + path + "\"");
        }
        String inner = p.substring(i + 1, close).strip();
        if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
            && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
          steps.add(inner.substring(1, inner.length() - 1));
        } else {
          try {
            steps.add(Integer.parseInt(inner));
          } catch (NumberFormatException e) {
            throw new JsonException("expected an index or a quoted name inside [] in JSON path \"" + path + "\", got \""
                + inner + "\"");
          }
        }
        i = close + 1;
      } else {
        throw new JsonException("unexpected '" + c + "' in JSON path \"" + path + "\" (use $.name, $['name'] or $[0])");
      }
    }
    return new JsonPath(path.strip(), steps);
  }

  /** The value at this path in {@code root}, if there is one. */
  public Optional<Object> select(Object root) {
    Object cur = root;
    for (Object step : steps) {
      if (step instanceof String name && cur instanceof Map<?, ?> m && m.containsKey(name)) {
        cur = m.get(name);
      } else if (step instanceof Integer idx && cur instanceof List<?> l) {
        int k = idx < 0 ? l.size() + idx : idx;
        if (k < 0 || k >= l.size()) {
          return Optional.empty();
        }
        cur = l.get(k);
      } else {
        return Optional.empty();
      }
      if (cur == null) {
        return Optional.empty();
      }
    }
    return Optional.of(cur);
  }

  @Override
  public String toString() {
    return text;
  }
}

package io.watchkeeper.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State of one binding pass over a configuration file: where relative paths start, the
 * environment for {@code ${VAR}}, and the problems and warnings found so far. Not thread-safe.
 */
final class Binder {
  private final String file;
  private final Path baseDir;
  private final Map<String, String> env;
  private final boolean expandEnv;
  private final List<Problem> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  Binder(String file, Path baseDir, Map<String, String> env) {
    this(file, baseDir, env, true);
  }

  private Binder(String file, Path baseDir, Map<String, String> env, boolean expandEnv) {
    this.file = file;
    this.baseDir = baseDir;
    this.env = env;
    this.expandEnv = expandEnv;
  }

  /**
   * A binder that takes every value literally: for files Prometheus reads without environment
   * expansion (rule files, rule test files), whose templates use {@code $labels} and {@code $$}.
   */
  static Binder literal(String file, Path baseDir) {
    return new Binder(file, baseDir, Map.of(), false);
  }

  private record Problem(int line, int column, String text) {}

  /** The errors found, in file order. */
  List<String> errors() {
    return errors.stream()
        .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .map(Problem::text)
        .toList();
  }

  List<String> warnings() {
    return warnings;
  }

  void error(YamlNode.Location at, String path, String message) {
    errors.add(new Problem(at.line(), at.column(), file + ":" + at.line() + ":" + at.column() + ": " + path + ": "
        + message));
  }

  void warn(YamlNode.Location at, String path, String message) {
    warnings.add(file + ":" + at.line() + ":" + at.column() + ": " + path + ": " + message);
  }

  /** A path from the file, resolved against the config file's directory. */
  Path resolve(String path) {
    return baseDir.resolve(path).normalize();
  }

  /**
   * Replaces {@code ${VAR}} and {@code ${VAR:-default}} with environment values. An undefined
   * variable without default is an error; {@code $$} stands for a literal {@code $}.
   */
  String expand(String text, YamlNode.Location at, String path) {
    if (!expandEnv || text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i);
        if (end < 0) {
          error(at, path, "unclosed ${ in \"" + text + "\"");
          return text;
        }
        String expr = text.substring(i + 2, end);
        int dflt = expr.indexOf(":-");
        String name = dflt < 0 ? expr : expr.substring(0, dflt);
        String value = env.get(name);
        if (value == null || (dflt >= 0 && value.isEmpty())) {
          if (dflt >= 0) {
            value = expr.substring(dflt + 2);
          } else {
            error(at, path, "environment variable " + name + " is not set (set it, or write ${" + name
                + ":-default})");
            value = "";
          }
        }
        out.append(value);
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Reads a secret file named in the config; errors name the key. */
  Optional<String> readSecretFile(String name, YamlNode.Location at, String path) {
    Path p = resolve(name);
    try {
      return Optional.of(Files.readString(p).strip());
    } catch (IOException e) {
      error(at, path, "cannot read file " + p + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}

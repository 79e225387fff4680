package io.watchkeeper.probe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ${name}} references in journey steps: finding them (to validate configuration) and
 * filling them in. {@code $$} stands for a literal {@code $}. Stateless.
 */
public final class Templates {
  private Templates() {}

  /** A reference to a variable nobody set. */
  public static final class MissingVariableException extends Exception {
    private final String variable;

    MissingVariableException(String variable) {
      super("variable ${" + variable + "} is not set (no earlier step extracted it and variables: does not define it)");
      this.variable = variable;
    }

    /** The name of the missing variable. */
    public String variable() {
      return variable;
    }
  }

  /** The names referenced in {@code text}, in order of first use. */
  public static List<String> references(String text) {
    Set<String> out = new LinkedHashSet<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i);
        if (end < 0) {
          break;
        }
        out.add(text.substring(i + 2, end));
        i = end + 1;
      } else {
        i++;
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * {@code text} with each {@code ${name}} replaced by its value and {@code $$} by {@code $}.
   *
   * @throws MissingVariableException for the first name without a value
   */
  public static String render(String text, Map<String, String> variables) throws MissingVariableException {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{' && text.indexOf('}', i) > 0) {
        int end = text.indexOf('}', i);
        String name = text.substring(i + 2, end);
        String value = variables.get(name);
        if (value == null) {
          throw new MissingVariableException(name);
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
}

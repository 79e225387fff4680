package io.watchkeeper.rules.template;

import io.watchkeeper.rules.template.TemplateNode.ListNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed template: Go's {@code text/template} language (actions, pipelines, {@code if/else
 * if/else}, {@code range}, {@code with}, variables, {@code define}/{@code template}/{@code block},
 * comments and trim markers). Parse once, execute many times. Immutable and thread-safe.
 */
public final class Template {
  private final String name;
  private final ListNode root;
  private final Map<String, ListNode> definitions;
  private final List<String> variables;

  private Template(String name, ListNode root, Map<String, ListNode> definitions, List<String> variables) {
    this.name = name;
    this.root = root;
    this.definitions = definitions;
    this.variables = List.copyOf(variables);
  }

  /**
   * Parses {@code text}.
   *
   * @param name the template's name, used in error messages ({@code __alert_HighLatency})
   * @param functions the names of the functions the text may call; others are parse errors
   * @param variables variables defined before the text starts, with their {@code $}; values are
   *     given to {@link #execute}
   * @throws TemplateException with {@code template: NAME:LINE:COL: ...} on a syntax error, an
   *     undefined variable or an unknown function
   */
  public static Template parse(String name, String text, Set<String> functions, List<String> variables)
      throws TemplateException {
    TemplateParser.Parsed p = TemplateParser.parse(name, text, functions, variables);
    return new Template(name, p.root(), p.definitions(), variables);
  }

  /** The name given at parse time. */
  public String name() {
    return name;
  }

  /**
   * Runs the template.
   *
   * @param dot the data ({@code .})
   * @param variableValues values of the variables named at parse time, in the same order
   * @param functions the functions, by name
   * @throws TemplateException with {@code template: NAME:LINE:COL: executing "NAME" at <...>: ...}
   */
  public String execute(@Nullable Object dot, List<? extends @Nullable Object> variableValues,
      Map<String, TemplateFunction> functions) throws TemplateException {
    if (variableValues.size() != variables.size()) {
      throw new IllegalArgumentException("BUG: template " + name + " needs " + variables.size()
          + " variable values, got " + variableValues.size());
    }
    StringBuilder out = new StringBuilder();
    new TemplateExecutor(name, root, definitions, functions, out)
        .execute(root, dot, variables, new ArrayList<@Nullable Object>(variableValues));
    return out.toString();
  }

  @Override
  public String toString() {
    return root.toString();
  }
}

package io.watchkeeper.ingest.relabel;

import io.watchkeeper.model.Labels;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One relabelling step, as Prometheus' {@code relabel_config}. Defaults as Prometheus': separator
 * {@code ;}, regex {@code (.*)}, replacement {@code $1}, action {@code replace}.
 *
 * @param regex the expression as written (RE2 syntax); it is anchored ({@code ^(?s:regex)$}) when
 *     compiled
 * @param modulus for {@code hashmod}: an unsigned 64-bit number, 0 when not set
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {
  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";

  /** What Prometheus accepts as {@code target_label} of replace-like actions and {@code labelmap} replacements. */
  private static final Pattern RELABEL_TARGET = Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
    Objects.requireNonNull(separator, "separator");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(targetLabel, "targetLabel");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(action, "action");
  }

  /** A builder starting from Prometheus' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks the step as Prometheus does when it loads a configuration.
   *
   * @throws IllegalArgumentException with a message naming the field and the fix, e.g. {@code
   *     relabel configuration for replace action requires 'target_label' value}
   */
  public void validate() {
    for (String l : sourceLabels) {
      if (!Labels.isValidLabelName(l)) {
        throw new IllegalArgumentException("\"" + l + "\" is not a valid label name in 'source_labels'");
      }
    }
    GoRegex.compile(regex); // throws with the position of the problem
    if (action == RelabelAction.HASHMOD && modulus == 0) {
      throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget = switch (action) {
      case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
      default -> false;
    };
    if (needsTarget && targetLabel.isEmpty()) {
      throw new IllegalArgumentException("relabel configuration for " + action.text() + " action requires 'target_label' value");
    }
    boolean templatedTarget = switch (action) {
      case REPLACE, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
      default -> false;
    };
    if (templatedTarget && !RELABEL_TARGET.matcher(targetLabel).matches()) {
      throw new IllegalArgumentException("\"" + targetLabel + "\" is invalid 'target_label' for " + action.text() + " action");
    }
    boolean noReplacement = switch (action) {
      case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
      default -> false;
    };
    if (noReplacement && !replacement.equals(DEFAULT_REPLACEMENT)) {
      throw new IllegalArgumentException("'replacement' can not be set for " + action.text() + " action");
    }
    if (action == RelabelAction.LABELMAP && !RELABEL_TARGET.matcher(replacement).matches()) {
      throw new IllegalArgumentException("\"" + replacement + "\" is invalid 'replacement' for labelmap action");
    }
    if (action == RelabelAction.HASHMOD && !Labels.isValidLabelName(targetLabel)) {
      throw new IllegalArgumentException("\"" + targetLabel + "\" is invalid 'target_label' for hashmod action");
    }
    if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
        && (!regex.equals(DEFAULT_REGEX) || modulus != 0 || !separator.equals(DEFAULT_SEPARATOR)
            || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new IllegalArgumentException(action.text() + " action requires only 'source_labels' and `target_label`, and no other fields");
    }
    if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
        && (!sourceLabels.isEmpty() || !targetLabel.isEmpty() || modulus != 0
            || !separator.equals(DEFAULT_SEPARATOR) || !replacement.equals(DEFAULT_REPLACEMENT))) {
      throw new IllegalArgumentException(action.text() + " action requires only 'regex', and no other fields");
    }
  }

  /** Builds a {@link RelabelConfig}, starting from Prometheus' defaults. Not thread-safe. */
  public static final class Builder {
    private List<String> sourceLabels = List.of();
    private String separator = DEFAULT_SEPARATOR;
    private String regex = DEFAULT_REGEX;
    private long modulus;
    private String targetLabel = "";
    private String replacement = DEFAULT_REPLACEMENT;
    private RelabelAction action = RelabelAction.REPLACE;

    public Builder sourceLabels(String... labels) {
      this.sourceLabels = List.of(labels);
      return this;
    }

    public Builder separator(String separator) {
      this.separator = separator;
      return this;
    }

    public Builder regex(String regex) {
      this.regex = regex;
      return this;
    }

    public Builder modulus(long modulus) {
      this.modulus = modulus;
      return this;
    }

    public Builder targetLabel(String targetLabel) {
      this.targetLabel = targetLabel;
      return this;
    }

    public Builder replacement(String replacement) {
      this.replacement = replacement;
      return this;
    }

    public Builder action(RelabelAction action) {
      this.action = action;
      return this;
    }

    public RelabelConfig build() {
      return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, action);
    }
  }
}

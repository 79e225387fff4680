package io.watchkeeper.model;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A label matcher of a PromQL selector or an API {@code match[]}: {@code name op "value"}.
 *
 * <p>Regular expressions are fully anchored and {@code .} matches newlines, as Prometheus compiles
 * them ({@code ^(?s:value)$}). Java's regex dialect differs from Go's RE2 in rare corners
 * (possessive quantifiers and backreferences are accepted here, RE2 rejects them).
 *
 * <p>A missing label has the empty value: {@code foo=""} matches series without {@code foo}.
 */
public final class Matcher {
  private final MatchType type;
  private final String name;
  private final String value;
  private final @Nullable Pattern pattern;

  private Matcher(MatchType type, String name, String value) {
    this.type = Objects.requireNonNull(type, "type");
    this.name = Objects.requireNonNull(name, "name");
    this.value = Objects.requireNonNull(value, "value");
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      this.pattern = Pattern.compile("^(?s:" + value + ")$");
    } else {
      this.pattern = null;
    }
  }

  /**
   * A matcher; regular expressions are compiled here.
   *
   * @throws PatternSyntaxException if a regex matcher's value is not a valid expression
   */
  public static Matcher of(MatchType type, String name, String value) {
    return new Matcher(type, name, value);
  }

  /** {@code name="value"}. */
  public static Matcher equal(String name, String value) {
    return new Matcher(MatchType.EQUAL, name, value);
  }

  /** The metric-name matcher {@code __name__="name"}. */
  public static Matcher metricName(String name) {
    return new Matcher(MatchType.EQUAL, Labels.METRIC_NAME, name);
  }

  public MatchType type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label value (empty when the label is absent) satisfies this matcher. */
  public boolean matches(String labelValue) {
    return switch (type) {
      case EQUAL -> value.equals(labelValue);
      case NOT_EQUAL -> !value.equals(labelValue);
      case REGEX -> pattern().matcher(labelValue).matches();
      case NOT_REGEX -> !pattern().matcher(labelValue).matches();
    };
  }

  /** Whether the matcher is satisfied by a series' labels. */
  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  /** Whether this matcher matches the empty string, i.e. series that lack the label. */
  public boolean matchesEmpty() {
    return matches("");
  }

  private Pattern pattern() {
    Pattern p = pattern;
    if (p == null) {
      throw new IllegalStateException("BUG: no pattern for " + type);
    }
    return p;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  /** PromQL notation: {@code name=~"value"}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.operator());
    Labels.quote(sb, value);
    return sb.toString();
  }
}

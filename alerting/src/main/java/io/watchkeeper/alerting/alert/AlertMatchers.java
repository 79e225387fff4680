package io.watchkeeper.alerting.alert;

import io.watchkeeper.model.Labels;
import io.watchkeeper.model.MatchType;
import io.watchkeeper.model.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Alertmanager's label matchers as text: parsing the forms its configuration, API filters and
 * amtool accept ({@code {severity="critical", team=~"db|api"}}, {@code alertname=Foo}, quoted
 * or not, with or without braces), and printing them as Alertmanager does ({@code
 * {name="value",other=~"x"}}, the form route keys and group keys are made of). Thread-safe:
 * stateless.
 */
public final class AlertMatchers {
  /** Orders matchers as Alertmanager's {@code labels.Matchers} sort: name, value, then type. */
  public static final Comparator<Matcher> ORDER =
      Comparator.comparing(Matcher::name).thenComparing(Matcher::value).thenComparing(Matcher::type);

  private AlertMatchers() {}

  /**
   * Parses a comma-separated list of matchers, optionally in braces.
   *
   * @throws IllegalArgumentException with Alertmanager's message ({@code bad matcher format: x},
   *     {@code matcher value contains unescaped double quote: "a"b"}, a regex error)
   */
  public static List<Matcher> parseAll(String s) {
    String body = s.strip();
    if (body.startsWith("{")) {
      body = body.substring(1);
    }
    if (body.endsWith("}")) {
      body = body.substring(0, body.length() - 1);
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inQuotes = false;
    boolean escaped = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == ',' && !inQuotes) {
        tokens.add(token.toString());
        token.setLength(0);
        continue;
      }
      if (c == '"') {
        if (!escaped) {
          inQuotes = !inQuotes;
        } else {
          escaped = false;
        }
      } else if (c == '\\') {
        escaped = !escaped;
      } else {
        escaped = false;
      }
      token.append(c);
    }
    if (!token.toString().isBlank()) {
      tokens.add(token.toString());
    }
    List<Matcher> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(parse(t));
    }
    return out;
  }

  /**
   * Parses one matcher such as {@code severity="critical"}, {@code job=~api.*} or {@code
   * env!="prod"}.
   *
   * @throws IllegalArgumentException with Alertmanager's message
   */
  public static Matcher parse(String s) {
    String t = s.strip();
    int i = 0;
    while (i < t.length() && isNameChar(t.charAt(i), i == 0)) {
      i++;
    }
    String name = t.substring(0, i);
    String rest = t.substring(i).stripLeading();
    MatchType type;
    if (rest.startsWith("=~")) {
      type = MatchType.REGEX;
    } else if (rest.startsWith("!~")) {
      type = MatchType.NOT_REGEX;
    } else if (rest.startsWith("!=")) {
      type = MatchType.NOT_EQUAL;
    } else if (rest.startsWith("=")) {
      type = MatchType.EQUAL;
    } else {
      throw new IllegalArgumentException("bad matcher format: " + s);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("bad matcher format: " + s);
    }
    String raw = rest.substring(type.operator().length()).strip();
    return of(type, name, unquote(raw));
  }

  /**
   * A matcher with the regex compiled.
   *
   * @throws IllegalArgumentException if a regex does not compile
   */
  public static Matcher of(MatchType type, String name, String value) {
    try {
      return Matcher.of(type, name, value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + value + "`", e);
    }
  }

  /**
   * A matcher of the old {@code match_re} maps (routes and inhibit rules) as Alertmanager builds it:
   * its value is the regex as Alertmanager's configuration compiled it, {@code ^(?:web|api)$} for
   * {@code web|api} ({@code dispatch.NewRoute} takes {@code Regexp.String()}). Route keys, and so
   * group keys (PagerDuty's dedup_key, Opsgenie's alias), print that value. It matches what {@code
   * regex} alone matches.
   *
   * @throws IllegalArgumentException if {@code regex} does not compile (the message shows it as written)
   */
  public static Matcher ofMatchRe(String name, String regex) {
    of(MatchType.REGEX, name, regex); // fails with the regex as the user wrote it
    return of(MatchType.REGEX, name, "^(?:" + regex + ")$");
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }

  private static String unquote(String raw) {
    boolean expectClosing = raw.startsWith("\"");
    String v = expectClosing ? raw.substring(1) : raw;
    StringBuilder out = new StringBuilder(v.length());
    boolean escaped = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (escaped) {
        escaped = false;
        switch (c) {
          case 'n' -> out.append('\n');
          case '"', '\\' -> out.append(c);
          default -> out.append('\\').append(c); // a spurious escape stays literal
        }
        continue;
      }
      if (c == '\\' && i < v.length() - 1) {
        escaped = true;
      } else if (c == '"') {
        if (!expectClosing || i < v.length() - 1) {
          throw new IllegalArgumentException("matcher value contains unescaped double quote: " + raw);
        }
        expectClosing = false;
      } else {
        out.append(c);
      }
    }
    if (expectClosing) {
      throw new IllegalArgumentException("matcher value contains unescaped double quote: " + raw);
    }
    return out.toString();
  }

  /** Whether every matcher matches the labels (a missing label has the empty value). */
  public static boolean matches(List<Matcher> matchers, Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** One matcher as Alertmanager prints it: {@code name=~"value"} with OpenMetrics escapes. */
  public static String format(Matcher m) {
    StringBuilder sb = new StringBuilder(m.name()).append(m.type().operator()).append('"');
    String v = m.value();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '"' -> sb.append("\\\"");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** A list as Alertmanager prints it: {@code {a="b",c=~"d"}}, in the given order. */
  public static String format(List<Matcher> matchers) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < matchers.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(format(matchers.get(i)));
    }
    return sb.append('}').toString();
  }

  /**
   * A label set as Go's {@code model.LabelSet.String()} prints it: {@code {a="b", c="d"}}, sorted,
   * values quoted with Go escapes. Group keys are made of it.
   */
  public static String formatLabelSet(Labels labels) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(labels.name(i)).append('=');
      Labels.quote(sb, labels.value(i));
    }
    return sb.append('}').toString();
  }
}
